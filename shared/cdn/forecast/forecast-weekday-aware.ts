import { jstDateOfDayNumber, weekdayOfDayNumber } from '../../kernel/time/jst-calendar';
import { type DailyTotal, type ForecastInput, recentHistory, restOfToday } from './forecast-input';
import { type ForecastMethod, insufficientData } from './forecast-method';
import { dayClassOf, isHolidayLike } from './jp-day-type';
import { median } from './quantile';

/** Weekday factors come from the last 4 to 8 whole weeks. */
const MIN_WEEKS = 4;
const MAX_WEEKS = 8;
const LEVEL_DAYS = 7;
const MIN_LEVEL_DAYS = 3;

/**
 * Factor per weekday (Sunday..Saturday): the median, over the weeks before today, of a day's bytes over its
 * week's mean. Ratios within one week cancel the trend; the median ignores a launch spike in one of them.
 * Holiday-like days are left out (they are forecast with the Sunday factor, not learned as their weekday).
 * Undefined with fewer than MIN_WEEKS complete weeks.
 */
function dayClassFactors(input: ForecastInput): number[] | undefined {
  const byDay = new Map(input.history.map((day) => [day.dayNumber, day.bytes]));
  const ratios: number[][] = Array.from({ length: 7 }, () => []);
  let weeks = 0;
  for (let week = 0; week < MAX_WEEKS; week++) {
    const days: DailyTotal[] = [];
    for (let back = 7 * week + 7; back > 7 * week; back--) {
      const dayNumber = input.todayDayNumber - back;
      const bytes = byDay.get(dayNumber);
      if (bytes !== undefined) days.push({ dayNumber, bytes });
    }
    const mean = days.reduce((sum, day) => sum + day.bytes, 0) / 7;
    if (days.length < 7 || mean <= 0) continue;
    weeks++;
    for (const day of days) {
      if (isHolidayLike(jstDateOfDayNumber(day.dayNumber))) continue;
      ratios[weekdayOfDayNumber(day.dayNumber)]?.push(day.bytes / mean);
    }
  }
  if (weeks < MIN_WEEKS) return undefined;
  return ratios.map((values) => (values.length === 0 ? 1 : median(values)));
}

/** Days further than this from the week's median are launch spikes or outages, not the level. */
const OUTLIER_SHARE = 0.15;

/** Mean of the values near their median, so one spike or outage day does not set the level. */
function levelOf(values: readonly number[]): number {
  const middle = median(values);
  const kept = values.filter((v) => Math.abs(v - middle) < OUTLIER_SHARE * middle);
  return kept.length === 0 ? middle : kept.reduce((sum, v) => sum + v, 0) / kept.length;
}

/**
 * The last LEVEL_DAYS ordinary days within twice that span: holiday-like days are the ones the Sunday
 * factor fits least (New Year, Golden Week), so they do not set the level unless little else is there.
 */
function levelDays(input: ForecastInput): readonly DailyTotal[] {
  const ordinary = recentHistory(input, 2 * LEVEL_DAYS)
    .filter((day) => !isHolidayLike(jstDateOfDayNumber(day.dayNumber)))
    .slice(-LEVEL_DAYS);
  return ordinary.length >= MIN_LEVEL_DAYS ? ordinary : recentHistory(input, LEVEL_DAYS);
}

/**
 * M + p + level x (today's factor x rest of today + the factors of the days left), the level being the
 * last week's bytes with the weekday and holiday shape taken out.
 */
export const weekdayAware: ForecastMethod = (input) => {
  const factors = dayClassFactors(input);
  if (factors === undefined) {
    return insufficientData(`weekday-aware forecast needs ${MIN_WEEKS} complete weeks of history`);
  }
  const factorOf = (dayNumber: number) => factors[dayClassOf(dayNumber)] ?? 1;
  const recent = levelDays(input);
  if (recent.length === 0) {
    return insufficientData('weekday-aware forecast needs a complete day in the last week');
  }
  const level = levelOf(recent.map((day) => day.bytes / factorOf(day.dayNumber)));
  const { usage, todayDayNumber } = input;
  let futureDays = factorOf(todayDayNumber) * restOfToday(input);
  for (let k = 1; k <= usage.wholeDaysLeft; k++) futureDays += factorOf(todayDayNumber + k);
  return { ok: true, bytes: usage.completeDaysBytes + usage.todayBytes + level * futureDays };
};
