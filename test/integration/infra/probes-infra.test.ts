/**
 * infra/ for the probe function, beyond what infra-consistency.test.ts holds for every function: the
 * local stack's loopback switch is set nowhere in infra/ or the Cloud Build configs, the optional fixed
 * egress address (infra/probes-egress.tf) is wired end to end when on and builds nothing when off, and
 * the function reads each org's key. The option is evaluated both ways by setting the variable's default
 * on a copy (test/support/infra.ts evaluates for_each from defaults). Each check is then run on a mutated
 * copy to prove it would catch the drift it exists for.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { probeConfigSchema } from '../../../shared/probes/probe-config';
import {
  block,
  blocks,
  expr,
  type Infra,
  type Instance,
  instances,
  isObj,
  loadInfra,
  type Obj,
  parseRef,
  REPO_ROOT,
  str,
  target,
} from '../../support/infra';
import { iamGrants, variableAdmits } from '../../support/infra-checks';
import { assertCaught, declaration, mutated, obj } from '../../support/infra-mutations';

const LOOPBACK_SWITCH = 'PROBE_ALLOW_LOOPBACK';
const PROBE = 'probe';
const OPTION = 'probe_fixed_egress_ip';
/** What the option creates; none of it may exist while it is off. */
const EGRESS_TYPES = [
  'google_compute_network',
  'google_compute_subnetwork',
  'google_compute_router',
  'google_compute_router_nat',
  'google_compute_address',
  'google_vpc_access_connector',
];
const ORGS = ['acme', 'globex'];

// ---------------------------------------------------------------------------------------------------------
// The loopback switch
// ---------------------------------------------------------------------------------------------------------

interface TextFile {
  /** Relative to the repository root. */
  path: string;
  text: string;
}

/** Every file under infra/ (but Terraform's own .terraform/, which holds downloaded providers and the zipped bundles) and every cloudbuild*.yaml. */
function deployFiles(): TextFile[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === '.terraform' ? [] : walk(path);
      return [path];
    });
  const builds = readdirSync(REPO_ROOT)
    .filter((f) => /^cloudbuild.*\.yaml$/.test(f))
    .map((f) => join(REPO_ROOT, f));
  return [...walk(join(REPO_ROOT, 'infra')), ...builds].map((file) => ({
    path: relative(REPO_ROOT, file),
    text: readFileSync(file, 'utf8'),
  }));
}

/** Loopback is for the local stack's stand-in targets only: nothing that deploys may name the switch. */
function loopbackMentions(files: readonly TextFile[]): string[] {
  return files
    .filter((f) => f.text.includes(LOOPBACK_SWITCH))
    .map((f) => `${f.path} names ${LOOPBACK_SWITCH} (loopback must stay refused in Google Cloud)`);
}

/** The same, as Terraform sees it: no function's plain or secret environment sets the switch. */
function loopbackInEnvironment(infra: Infra): string[] {
  return instances(infra, 'google_cloudfunctions2_function').flatMap((fn) => {
    const config = block(fn.body.service_config) ?? {};
    const env = isObj(config.environment_variables) ? Object.keys(config.environment_variables) : [];
    const secrets = blocks(config.secret_environment_variables).map((s) => str(s.key));
    const dynamic = isObj(config.dynamic) ? blocks(config.dynamic.secret_environment_variables) : [];
    const dynamicKeys = dynamic.flatMap((d) => (isObj(d.for_each) ? Object.keys(d.for_each) : []));
    return [...env, ...secrets, ...dynamicKeys].includes(LOOPBACK_SWITCH)
      ? [`${String(fn.body.name)}: sets ${LOOPBACK_SWITCH}`]
      : [];
  });
}

// ---------------------------------------------------------------------------------------------------------
// The fixed egress address
// ---------------------------------------------------------------------------------------------------------

/** The parsed infra with var.probe_fixed_egress_ip defaulting to `on`. */
function withEgress(infra: Infra, on: boolean): Infra {
  return mutated(infra, (c) => {
    obj(c.variables[OPTION], `variable ${OPTION}`).default = on;
  });
}

/** The instance a value refers to (`${type.name["key"].attr}`), when of `type` and one of `attrs`. */
function refTo(infra: Infra, value: unknown, type: string, attrs: readonly string[]): Instance | undefined {
  const ref = parseRef(value);
  if (!ref || ref.type !== type || !attrs.includes(ref.attr)) return undefined;
  return target(infra, ref);
}

const same = (a: Instance | undefined, b: Instance | undefined): boolean =>
  a !== undefined && b !== undefined && a.address === b.address;

/** `depends_on` entries as `type.name`. */
const dependsOn = (i: Instance): string[] =>
  (Array.isArray(i.body.depends_on) ? i.body.depends_on : []).map((d) =>
    String(d).replace(/^\$\{(.*)\}$/, '$1'),
  );

const serviceConfigOf = (fn: Instance): Obj => block(fn.body.service_config) ?? {};

/** "", null and absent all leave a provider setting unset. */
const unset = (value: unknown): boolean => value === undefined || value === null || value === '';

/** `one([for a in google_compute_address.NAME : a.address])`: the address, or null when there is none. */
const EGRESS_OUTPUT = /^\$\{one\(\[for (\w+) in google_compute_address\.([\w-]+) : \1\.address\]\)\}$/;

/**
 * Off: nothing of EGRESS_TYPES exists and no function has a connector. On: the probe function (and no
 * other) sends ALL_TRAFFIC through exactly one connector in its region; the connector sits in a /28
 * subnet that a Cloud NAT translates (LIST_OF_SUBNETWORKS, ALL_IP_RANGES) to reserved external
 * addresses only (MANUAL_ONLY), on a router of the subnet's network; the address is protected from
 * destruction, handed out by the output probe_egress_ip (null when off), and the APIs are enabled.
 */
function checkProbeEgress(infra: Infra, on: boolean): string[] {
  const problems: string[] = [];
  const functions = instances(infra, 'google_cloudfunctions2_function');
  const probe = functions.find((f) => f.body.name === PROBE);
  if (!probe) return ['no probe function'];
  for (const fn of functions) {
    const config = serviceConfigOf(fn);
    if (fn === probe && on) continue;
    if (!unset(config.vpc_connector) || !unset(config.vpc_connector_egress_settings))
      problems.push(
        `${String(fn.body.name)}: vpc_connector ${JSON.stringify(config.vpc_connector)} / egress ${JSON.stringify(config.vpc_connector_egress_settings)}${on ? ' (only probe leaves through the fixed address)' : ` while ${OPTION} is off`}`,
      );
  }
  const output = infra.outputs.probe_egress_ip;
  const outputOf = EGRESS_OUTPUT.exec(String(output?.value))?.[2];
  if (outputOf === undefined)
    problems.push(
      `output probe_egress_ip ${JSON.stringify(output?.value ?? null)} is not one([for a in google_compute_address.<name> : a.address])`,
    );

  if (!on) {
    for (const type of EGRESS_TYPES)
      for (const i of instances(infra, type)) problems.push(`${i.address} exists while ${OPTION} is off`);
    return problems;
  }

  const config = serviceConfigOf(probe);
  const region = probe.body.location;
  if (config.vpc_connector_egress_settings !== 'ALL_TRAFFIC')
    problems.push(
      `probe: vpc_connector_egress_settings ${JSON.stringify(config.vpc_connector_egress_settings)}, expected ALL_TRAFFIC (else its probes leave from Google's ranges)`,
    );
  const connectors = instances(infra, 'google_vpc_access_connector');
  const [connector] = connectors;
  if (connectors.length !== 1 || !connector) {
    problems.push(`${connectors.length} google_vpc_access_connector instances (expected 1)`);
    return problems;
  }
  const path = `projects/${expr('var.project_id')}/locations/${String(connector.body.region)}/connectors/${String(connector.body.name)}`;
  const byRef = same(refTo(infra, config.vpc_connector, connector.type, ['id']), connector);
  if (!byRef && config.vpc_connector !== path)
    problems.push(
      `probe: vpc_connector ${JSON.stringify(config.vpc_connector)} is not ${connector.address} (${path})`,
    );
  if (!byRef && !dependsOn(probe).includes(`${connector.type}.${connector.name}`))
    problems.push(
      `probe names ${connector.address} by path but does not depend on it (it could deploy before the connector exists)`,
    );
  if (connector.body.region !== region)
    problems.push(
      `${connector.address}: region ${String(connector.body.region)}, probe runs in ${String(region)}`,
    );

  const subnet = refTo(infra, block(connector.body.subnet)?.name, 'google_compute_subnetwork', [
    'name',
    'id',
    'self_link',
  ]);
  if (!subnet) {
    problems.push(`${connector.address}: not in a google_compute_subnetwork of this configuration`);
    return problems;
  }
  if (!/\/28$/.test(String(subnet.body.ip_cidr_range)))
    problems.push(
      `${subnet.address}: ip_cidr_range ${String(subnet.body.ip_cidr_range)}; a connector takes a /28`,
    );
  if (subnet.body.region !== region)
    problems.push(`${subnet.address}: region ${String(subnet.body.region)}, probe runs in ${String(region)}`);
  const network = refTo(infra, subnet.body.network, 'google_compute_network', ['id', 'self_link', 'name']);
  if (!network) problems.push(`${subnet.address}: not in a google_compute_network of this configuration`);

  const covers = (nat: Instance) =>
    blocks(nat.body.subnetwork).find((s) =>
      same(refTo(infra, s.name, subnet.type, ['id', 'self_link', 'name']), subnet),
    );
  const nats = instances(infra, 'google_compute_router_nat').filter((n) => covers(n) !== undefined);
  const [nat] = nats;
  if (nats.length !== 1 || !nat) {
    problems.push(`${nats.length} Cloud NATs translate ${subnet.address} (expected 1, LIST_OF_SUBNETWORKS)`);
    return problems;
  }
  if (nat.body.source_subnetwork_ip_ranges_to_nat !== 'LIST_OF_SUBNETWORKS')
    problems.push(
      `${nat.address}: source_subnetwork_ip_ranges_to_nat ${String(nat.body.source_subnetwork_ip_ranges_to_nat)}, expected LIST_OF_SUBNETWORKS`,
    );
  const ranges = covers(nat)?.source_ip_ranges_to_nat;
  if (!Array.isArray(ranges) || !ranges.includes('ALL_IP_RANGES'))
    problems.push(
      `${nat.address}: translates ${JSON.stringify(ranges)} of ${subnet.address}, not ALL_IP_RANGES`,
    );
  if (nat.body.nat_ip_allocate_option !== 'MANUAL_ONLY')
    problems.push(
      `${nat.address}: nat_ip_allocate_option ${String(nat.body.nat_ip_allocate_option)}, expected MANUAL_ONLY (an automatic address is one customers do not know)`,
    );
  const natIps = Array.isArray(nat.body.nat_ips) ? nat.body.nat_ips : [];
  const addresses = natIps.map((ip) => refTo(infra, ip, 'google_compute_address', ['self_link', 'id']));
  const [address] = addresses;
  if (addresses.length !== 1 || !address)
    problems.push(
      `${nat.address}: nat_ips ${JSON.stringify(nat.body.nat_ips ?? null)} is not one google_compute_address of this configuration`,
    );
  else {
    if (!unset(address.body.address_type) && address.body.address_type !== 'EXTERNAL')
      problems.push(
        `${address.address}: address_type ${String(address.body.address_type)}, expected EXTERNAL`,
      );
    if (address.body.region !== region)
      problems.push(
        `${address.address}: region ${String(address.body.region)}, probe runs in ${String(region)}`,
      );
    if (block(address.body.lifecycle)?.prevent_destroy !== true)
      problems.push(`${address.address}: no prevent_destroy (customers' firewalls allow this address)`);
    if (outputOf !== undefined && outputOf !== address.name)
      problems.push(
        `output probe_egress_ip hands out google_compute_address.${outputOf}, not ${address.address}`,
      );
  }
  const router = refTo(infra, nat.body.router, 'google_compute_router', ['name', 'id', 'self_link']);
  if (!router)
    problems.push(`${nat.address}: router ${String(nat.body.router)} is not a router of this configuration`);
  else {
    if (
      !same(refTo(infra, router.body.network, 'google_compute_network', ['id', 'self_link', 'name']), network)
    )
      problems.push(`${router.address}: not on ${network?.address ?? 'the subnet'}'s network`);
    if (router.body.region !== region || nat.body.region !== region)
      problems.push(`${nat.address} / ${router.address}: not in probe's region ${String(region)}`);
  }

  const apis = instances(infra, 'google_project_service').map((s) => s.body.service);
  for (const api of ['compute.googleapis.com', 'vpcaccess.googleapis.com'])
    if (!apis.includes(api)) problems.push(`${api} is not enabled (apis.tf)`);
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers for the mutations
// ---------------------------------------------------------------------------------------------------------

/** local.probe_egress_when.on: what the option switches on. */
const switchedOn = (infra: Infra): Obj =>
  obj(obj(infra.locals.probe_egress_when, 'local.probe_egress_when').on, 'local.probe_egress_when.on');

/**
 * fn-probe holds exactly its fan-out, Firestore, and read access to each listed org's key (the org's
 * hosts and metrics, and the self-watch org's, which is listed too).
 */
function checkProbeGrants(infra: Infra): string[] {
  const orgs = infra.variables.orgs?.default;
  const held = iamGrants(infra)
    .grants.filter((g) => g.principal === `sa:fn-${PROBE}`)
    .map((g) => `${g.role} on ${g.scope}`);
  const expected = [
    'roles/datastore.user on project',
    'roles/pubsub.publisher on topic:probe-requests',
    ...(Array.isArray(orgs) ? orgs : []).map(
      (org) => `roles/secretmanager.secretAccessor on secret:mackerel-api-key-${String(org)}`,
    ),
  ];
  return [
    ...expected.filter((g) => !held.includes(g)).map((g) => `fn-probe lacks ${g}`),
    ...held.filter((g) => !expected.includes(g)).map((g) => `fn-probe holds ${g}, beyond what it calls`),
  ];
}

/** The parsed infra with var.orgs listing ORGS (its default is empty, which expands no per-org grant). */
function withOrgs(infra: Infra): Infra {
  return mutated(infra, (c) => {
    obj(c.variables.orgs, 'variable orgs').default = ORGS;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------------

describe('infra/ for the probe function', () => {
  let infra: Infra;
  let off: Infra;
  let on: Infra;
  const files = deployFiles();

  before(async () => {
    infra = await loadInfra();
    off = withEgress(infra, false);
    on = withEgress(infra, true);
  });

  it(`${LOOPBACK_SWITCH} appears nowhere in infra/ nor in a cloudbuild*.yaml`, () => {
    assert.deepEqual(loopbackMentions(files), []);
    assert.deepEqual(loopbackInEnvironment(on), []);
  });

  it('the fixed egress address is off by default', () => {
    const option = obj(infra.variables[OPTION], `variable ${OPTION}`);
    assert.equal(option.default, false);
    assert.equal(option.type, expr('bool'));
  });

  it('off: no network, subnet, router, NAT, address or connector; no function has a connector; the output is null', () => {
    assert.deepEqual(checkProbeEgress(off, false), []);
  });

  it('on: probe sends ALL_TRAFFIC through the connector, whose /28 subnet Cloud NAT translates to the reserved address', () => {
    assert.deepEqual(checkProbeEgress(on, true), []);
  });

  it("the connector's subnet variable admits a /28 only", () => {
    assert.equal(variableAdmits(infra, 'probe_egress_subnet_cidr', '10.8.0.0/28'), true);
    assert.equal(variableAdmits(infra, 'probe_egress_subnet_cidr', '10.8.0.0/26'), false);
    assert.equal(variableAdmits(infra, 'probe_egress_subnet_cidr', '10.8.0.0'), false);
  });

  it("with orgs listed, probe reads each org's key, publishes its fan-out and uses Firestore, and nothing else", () => {
    assert.deepEqual(checkProbeGrants(withOrgs(infra)), []);
    assert.deepEqual(checkProbeGrants(infra), []);
  });

  it('reads what it checks (guards against vacuous checks)', () => {
    // The switch is the config schema's, so a rename cannot leave this test searching for nothing.
    assert.ok(LOOPBACK_SWITCH in probeConfigSchema.shape);
    const paths = files.map((f) => f.path);
    for (const path of [
      'infra/functions.tf',
      'infra/probes-egress.tf',
      'infra/README.md',
      'cloudbuild.yaml',
      'cloudbuild-pr.yaml',
    ])
      assert.ok(paths.includes(path), `${path} is scanned`);
    for (const type of EGRESS_TYPES) {
      assert.equal(instances(on, type).length, 1, `${type}: one instance when on`);
      assert.ok(infra.resources[type], `${type} is declared`);
    }
  });

  describe('mutations are caught', () => {
    it(`${LOOPBACK_SWITCH} set on the function, in a tfvars file or in a build step`, () => {
      const withSwitch = files.map((f) =>
        f.path === 'infra/functions.tf'
          ? {
              ...f,
              text: f.text.replace(
                'LOG_EXECUTION_ID',
                `${LOOPBACK_SWITCH} = "true"\n        LOG_EXECUTION_ID`,
              ),
            }
          : f,
      );
      assertCaught(loopbackMentions(withSwitch), /^infra\/functions\.tf names PROBE_ALLOW_LOOPBACK/);
      const tfvars = [
        ...files,
        { path: 'infra/msp.auto.tfvars', text: `probe_env = { ${LOOPBACK_SWITCH} = "1" }` },
      ];
      assertCaught(loopbackMentions(tfvars), /^infra\/msp\.auto\.tfvars names/);
      const build = [
        ...files,
        { path: 'cloudbuild-hotfix.yaml', text: `args: ['--update-env-vars', '${LOOPBACK_SWITCH}=true']` },
      ];
      assertCaught(loopbackMentions(build), /^cloudbuild-hotfix\.yaml names/);
      const env = mutated(on, (c) => {
        const probe = obj(obj(c.locals.functions, 'local.functions')[PROBE], 'local.functions.probe');
        obj(probe.env, 'env')[LOOPBACK_SWITCH] = 'true';
      });
      assertCaught(loopbackInEnvironment(env), /^probe: sets PROBE_ALLOW_LOOPBACK/);
    });

    it('off: a resource not keyed on the option is still created', () => {
      const always = mutated(off, (c) => {
        declaration(c, 'google_compute_network', 'probe_egress').for_each = expr(
          'toset(local.probe_egress_when.on.keys)',
        );
      });
      assertCaught(
        checkProbeEgress(always, false),
        /google_compute_network\.probe_egress\["probe"\] exists while probe_fixed_egress_ip is off/,
      );
    });

    it('on: private ranges only, another connector, no dependency, or every function on the connector', () => {
      const privateOnly = mutated(on, (c) => {
        switchedOn(c).vpc_egress = 'PRIVATE_RANGES_ONLY';
      });
      assertCaught(checkProbeEgress(privateOnly, true), /expected ALL_TRAFFIC/);
      const otherConnector = mutated(on, (c) => {
        switchedOn(c).vpc_connector =
          `projects/${expr('var.project_id')}/locations/${expr('var.region')}/connectors/other`;
      });
      assertCaught(
        checkProbeEgress(otherConnector, true),
        /probe: vpc_connector .* is not google_vpc_access_connector/,
      );
      const noDependency = mutated(on, (c) => {
        const fn = declaration(c, 'google_cloudfunctions2_function', 'function');
        fn.depends_on = (fn.depends_on as string[]).filter((d) => !d.includes('google_vpc_access_connector'));
      });
      assertCaught(checkProbeEgress(noDependency, true), /does not depend on it/);
      const everyone = mutated(on, (c) => {
        const config = obj(
          block(declaration(c, 'google_cloudfunctions2_function', 'function').service_config),
          'sc',
        );
        config.vpc_connector = expr('local.probe_egress.vpc_connector');
        config.vpc_connector_egress_settings = expr('local.probe_egress.vpc_egress');
      });
      assertCaught(checkProbeEgress(everyone, true), /^intake: vpc_connector .*\(only probe leaves/);
    });

    it('on: a NAT with automatic addresses, over every subnet, or without the address', () => {
      const auto = mutated(on, (c) => {
        declaration(c, 'google_compute_router_nat', 'probe_egress').nat_ip_allocate_option = 'AUTO_ONLY';
      });
      assertCaught(checkProbeEgress(auto, true), /nat_ip_allocate_option AUTO_ONLY, expected MANUAL_ONLY/);
      const everySubnet = mutated(on, (c) => {
        const nat = declaration(c, 'google_compute_router_nat', 'probe_egress');
        nat.source_subnetwork_ip_ranges_to_nat = 'ALL_SUBNETWORKS_ALL_IP_RANGES';
        delete nat.subnetwork;
      });
      assertCaught(checkProbeEgress(everySubnet, true), /0 Cloud NATs translate google_compute_subnetwork/);
      const primaryOnly = mutated(on, (c) => {
        const nat = declaration(c, 'google_compute_router_nat', 'probe_egress');
        obj(block(nat.subnetwork), 'subnetwork').source_ip_ranges_to_nat = ['PRIMARY_IP_RANGE'];
      });
      assertCaught(checkProbeEgress(primaryOnly, true), /not ALL_IP_RANGES/);
      const noAddress = mutated(on, (c) => {
        delete declaration(c, 'google_compute_router_nat', 'probe_egress').nat_ips;
      });
      assertCaught(checkProbeEgress(noAddress, true), /nat_ips null is not one google_compute_address/);
    });

    it('on: an unprotected address, an output that hands out something else, a subnet too large, no API', () => {
      const unprotected = mutated(on, (c) => {
        delete declaration(c, 'google_compute_address', 'probe_egress').lifecycle;
      });
      assertCaught(checkProbeEgress(unprotected, true), /no prevent_destroy/);
      const output = mutated(on, (c) => {
        obj(c.outputs.probe_egress_ip, 'output').value = expr(
          'google_compute_address.probe_egress["probe"].address',
        );
      });
      assertCaught(checkProbeEgress(output, true), /output probe_egress_ip .* is not one\(/);
      assertCaught(checkProbeEgress(withEgress(output, false), false), /output probe_egress_ip/);
      const wide = mutated(on, (c) => {
        obj(c.variables.probe_egress_subnet_cidr, 'variable').default = '10.8.0.0/24';
      });
      assertCaught(checkProbeEgress(wide, true), /ip_cidr_range 10\.8\.0\.0\/24; a connector takes a \/28/);
      const noApi = mutated(on, (c) => {
        c.locals.apis = (c.locals.apis as string[]).filter((a) => a !== 'vpcaccess.googleapis.com');
      });
      assertCaught(checkProbeEgress(noApi, true), /vpcaccess\.googleapis\.com is not enabled/);
    });

    it("on: a router on another network, and probe without the org keys' grant", () => {
      const otherNetwork = mutated(on, (c) => {
        declaration(c, 'google_compute_router', 'probe_egress').network = 'default';
      });
      assertCaught(
        checkProbeEgress(otherNetwork, true),
        /google_compute_router\.probe_egress\["probe"\]: not on/,
      );
      const noKeys = mutated(withOrgs(infra), (c) => {
        delete obj(c.resources.google_secret_manager_secret_iam_member, 'secret IAM').probe_mackerel_api_key;
      });
      assertCaught(
        checkProbeGrants(noKeys),
        /fn-probe lacks roles\/secretmanager\.secretAccessor on secret:mackerel-api-key-acme/,
      );
      const mails = mutated(infra, (c) => {
        obj(c.locals.function_topic_publishers, 'publishers')['probe/notifications'] = {
          function: PROBE,
          topic: 'notifications',
        };
      });
      assertCaught(checkProbeGrants(mails), /fn-probe holds roles\/pubsub\.publisher on topic:notifications/);
    });
  });
});
