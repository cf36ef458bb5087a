import { recentHistory, restOfToday } from './forecast-input';
import { type ForecastMethod, insufficientData } from './forecast-method';

const WINDOW_DAYS = 7;
/** Fewer complete days than this in the window and the mean says little. */
const MIN_DAYS = 3;

/**
 * `M + p + r7 * (R + rest of today)`, r7 the mean of the last seven complete days (last month's too, so it
 * works on day 1). A whole week cancels the weekday mix.
 */
export const trailing7Day: ForecastMethod = (input) => {
  const window = recentHistory(input, WINDOW_DAYS);
  if (window.length < MIN_DAYS) {
    return insufficientData(
      `trailing 7-day rate needs ${MIN_DAYS} complete days in the last week, has ${window.length}`,
    );
  }
  const r7 = window.reduce((sum, day) => sum + day.bytes, 0) / window.length;
  const { usage } = input;
  return {
    ok: true,
    bytes: usage.completeDaysBytes + usage.todayBytes + r7 * (usage.wholeDaysLeft + restOfToday(input)),
  };
};
