import { type ForecastMethod, insufficientData } from './forecast-method';

/** Complete days OCI-style run-rate forecasts want before saying anything. */
const MIN_DAYS = 3;

/**
 * The baseline: `M / d * D`. Transparent, but it carries the weekday mix and any spike of the first days
 * straight into the month-end figure.
 */
export const linearRunRate: ForecastMethod = ({ usage }) => {
  if (usage.completeDays < MIN_DAYS) {
    return insufficientData(`linear run-rate needs ${MIN_DAYS} complete days, has ${usage.completeDays}`);
  }
  return { ok: true, bytes: (usage.completeDaysBytes / usage.completeDays) * usage.daysInMonth };
};
