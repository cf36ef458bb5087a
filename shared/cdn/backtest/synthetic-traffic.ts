import { isJapanesePublicHoliday } from '../../kernel/time/japanese-holidays';
import {
  DAY_MS,
  dayNumberStartMs,
  firstDayNumberOf,
  HOUR_MS,
  jstDateOfDayNumber,
  jstMonthBounds,
  shiftJstMonth,
  weekdayOfDayNumber,
} from '../../kernel/time/jst-calendar';
import { isSeasonalBreak } from '../forecast/jp-day-type';
import { type HourlyBucket, hourStartUtcOf } from '../model/hourly-bucket';
import { seededRandom } from './seeded-random';

export interface SyntheticTrafficOptions {
  seed: number;
  /** First JST month `YYYY-MM`. */
  firstMonth: string;
  months: number;
}

// A media-style service: quiet before dawn, peak at 21-22 JST, weekends and holidays well above weekdays.
const DIURNAL = [
  0.9, 0.6, 0.4, 0.3, 0.25, 0.25, 0.35, 0.55, 0.75, 0.8, 0.85, 0.9, 1.0, 0.95, 0.9, 0.9, 0.95, 1.05, 1.2, 1.4,
  1.6, 1.7, 1.6, 1.3,
];
const DIURNAL_SUM = DIURNAL.reduce((a, b) => a + b, 0);
/** Sunday .. Saturday. */
const WEEKLY = [1.32, 0.9, 0.88, 0.9, 0.94, 1.06, 1.28];
const PUBLIC_HOLIDAY = 1.27;
const SEASONAL_BREAK = 1.2;
const BASE_BYTES_PER_DAY = 1.5e12;
const GROWTH_PER_DAY = 0.0005;
const LEVEL_WALK_SIGMA = 0.003;
const DAY_NOISE_SIGMA = 0.04;
const HOUR_NOISE_SIGMA = 0.05;
/** A launch (release, live event) every ~60 days: traffic jumps 1.5-2.5x and decays within hours. */
const LAUNCH_CHANCE_PER_DAY = 1 / 60;

function dayShape(dayNumber: number): number {
  const date = jstDateOfDayNumber(dayNumber);
  if (isJapanesePublicHoliday(date)) return PUBLIC_HOLIDAY;
  if (isSeasonalBreak(date)) return SEASONAL_BREAK;
  return WEEKLY[weekdayOfDayNumber(dayNumber)] ?? 1;
}

/**
 * Hourly CDN egress for whole JST months: diurnal and weekly shape, Japanese holidays and breaks, slow
 * growth with a random walk, launch spikes, and noise. Whole bytes, every hour present.
 */
export function syntheticTraffic(options: SyntheticTrafficOptions): HourlyBucket[] {
  const random = seededRandom(options.seed);
  const firstDay = firstDayNumberOf(options.firstMonth);
  const endMs = jstMonthBounds(shiftJstMonth(options.firstMonth, options.months - 1)).endUtc.getTime();
  const days = (endMs - dayNumberStartMs(firstDay)) / DAY_MS;
  const buckets: HourlyBucket[] = [];
  let walk = 0;
  let launch = { startHour: Number.POSITIVE_INFINITY, amplitude: 0, decayHours: 1 };
  for (let day = 0; day < days; day++) {
    const dayNumber = firstDay + day;
    walk += LEVEL_WALK_SIGMA * random.normal();
    const dayLevel =
      BASE_BYTES_PER_DAY *
      Math.exp(GROWTH_PER_DAY * day + walk + DAY_NOISE_SIGMA * random.normal()) *
      dayShape(dayNumber);
    if (random.uniform() < LAUNCH_CHANCE_PER_DAY) {
      launch = {
        startHour: day * 24 + 10 + Math.floor(random.uniform() * 10),
        amplitude: 0.5 + random.uniform(),
        decayHours: 3 + 9 * random.uniform(),
      };
    }
    for (let h = 0; h < 24; h++) {
      const hourIndex = day * 24 + h;
      const sinceLaunch = hourIndex - launch.startHour;
      const spike = sinceLaunch >= 0 ? 1 + launch.amplitude * Math.exp(-sinceLaunch / launch.decayHours) : 1;
      const bytes =
        (dayLevel * (DIURNAL[h] ?? 1) * spike * Math.exp(HOUR_NOISE_SIGMA * random.normal())) / DIURNAL_SUM;
      const hourMs = dayNumberStartMs(dayNumber) + h * HOUR_MS;
      buckets.push({ hourStartUtc: hourStartUtcOf(new Date(hourMs)), bytes: Math.round(bytes) });
    }
  }
  return buckets;
}
