import type { StoredRouteTrial } from '../../alerting/adapters/firestore-route-trial';
import { describeRoutingTarget, trialVerdict } from '../../alerting/router/route-trial';
import type { RouteEvaluation } from '../../routing/match-routes';
import { ConfigProblems } from './page-parts';

const Evaluations = (props: { items: readonly RouteEvaluation[] }) =>
  props.items.length === 0 ? (
    <p class="muted">(none)</p>
  ) : (
    <ul>
      {props.items.map((e) => (
        <li>
          <code>{e.key}</code> {e.name}
          <ul>
            {e.reasons.map((r) => (
              <li class="muted">{r}</li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );

/** Who a pasted webhook body would be mailed to and why, as `msp-ops route test` prints it. */
export function RouteTrialResult(props: { trial: StoredRouteTrial }) {
  const { trial } = props;
  const verdict = trialVerdict(trial);
  return (
    <section class="route-trial" data-testid="route-trial">
      <p>Event: {describeRoutingTarget(trial.target)}</p>
      <p>
        <strong>{verdict}</strong>
      </p>
      <h3>Matched</h3>
      <Evaluations items={trial.decision.matched} />
      {trial.decision.muted.length > 0 ? (
        <>
          <h3>Matched but muted now (time intervals)</h3>
          <Evaluations items={trial.decision.muted} />
        </>
      ) : null}
      <h3>Not matched</h3>
      <Evaluations items={trial.decision.notMatched} />
      <ConfigProblems problems={trial.problems} />
    </section>
  );
}
