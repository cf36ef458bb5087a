locals {
  # Google's runtime support schedule (Cloud Run functions, Node.js): nodejs20 was decommissioned on
  # 2026-10-30 (no create or update after that day); nodejs22 is deprecated 2027-04-30 and decommissioned
  # 2027-10-31. test/integration/infra/infra-consistency.test.ts holds this to an allow-list with those dates.
  # The code stays runnable on Node 20 (the local stack and CI run it there; package.json engines).
  runtime = "nodejs22"

  # The public webhook URL, one source for every place that needs it: outputs.tf (what operators pass to
  # `msp-ops org token rotate --intake-url`), org-audit's AUDIT_WEBHOOK_URL_PREFIX (the audit checks each
  # org's channel points here) and infra/README.md. Gen2 functions answer on the deterministic
  # https://REGION-PROJECT.cloudfunctions.net/FUNCTION (Google's HTTP trigger docs; the run.app URL of the
  # Cloud Run service has a random hash and is not used for webhooks). Google delivers
  # .../intake/hooks/mackerel/<token> to the function as /hooks/mackerel/<token>: the cloudfunctions.net
  # and run.app URLs behave the same way, the function name is not part of the path it sees.
  # (Built from region and project, not from the resource's `url`: org-audit's env is part of the same
  # for_each resource, which cannot refer to itself; outputs.tf checks both agree after apply.)
  intake_function_url     = "https://${var.region}-${var.project_id}.cloudfunctions.net/intake"
  public_webhook_base_url = var.public_webhook_base_url != "" ? trimsuffix(var.public_webhook_base_url, "/") : local.intake_function_url
  # What every org's webhook channel URL starts with, up to the token (.../hooks/mackerel/<token>); the
  # token may also be the password of the basic-auth form https://mackerel:<token>@host/.../hooks/mackerel.
  webhook_url_prefix = "${local.public_webhook_base_url}/hooks/mackerel/"

  # Storm control's per-webhook caps (shared/alerting/router/router-config.ts): a Slack incoming webhook
  # takes about 1 message a second, a Teams Workflows webhook about 4 requests; beyond the cap a minute,
  # alerts fold into digests instead of meeting 429s. One setting for the router and the repeat sweep,
  # which notify through the same storm control (ROUTER_RECIPIENT_HOURLY_CAP stays at its default, 30).
  router_chat_caps = {
    slack_per_minute = "20"
    teams_per_minute = "60"
  }

  # One entry per folder in functions/ (FUNCTIONS in shared/kernel/topology.ts): adding a function is
  # one entry here. test/integration/infra/infra-consistency.test.ts holds every entry to the topology and to
  # the function's config schema (env must cover its required variables and name no unknown ones).
  functions = {
    intake = {
      entry_point = "intake"
      memory      = "512Mi"
      cpu         = "1"
      # I/O-bound (publish, Firestore); 80 per instance keeps a webhook storm to a few instances.
      concurrency = 80
      # One warm instance: Mackerel suspends a channel that keeps failing, so no cold start on the
      # first alert after a quiet night.
      min_instances = 1
      max_instances = 20
      # Publish (3 x 1.5 s) plus the backlog write (3 s) bound an answer well below this.
      timeout_seconds = 30
      # The only public function: Mackerel posts webhooks from the internet.
      ingress = "ALLOW_ALL"
      env = {
        GOOGLE_CLOUD_PROJECT = var.project_id
        # Cloud Run's front end appends the caller's address to X-Forwarded-For: one hop when reached
        # directly; set 2 if an HTTPS load balancer is put in front.
        INTAKE_TRUSTED_PROXY_HOPS = "1"
        # Set by the platform on gen2 functions; declared so that plans show no perpetual diff.
        LOG_EXECUTION_ID = "true"
      }
      # ENV_VAR = secret id, mounted as an environment variable at the latest version.
      secret_env = {}
    }

    "backlog-drain" = {
      entry_point = "backlogDrain"
      memory      = "256Mi"
      cpu         = "1"
      # One drain at a time: a second push while one runs gets 429 and Pub/Sub retries it later.
      concurrency   = 1
      min_instances = 0
      max_instances = 1
      # Not above the push ack deadline (60 s), or Pub/Sub redelivers while the drain still runs. A cut
      # drain loses nothing: each entry is deleted only after its republish, the next run continues.
      timeout_seconds = 60
      ingress         = "ALLOW_INTERNAL_ONLY"
      env = {
        GOOGLE_CLOUD_PROJECT = var.project_id
        LOG_EXECUTION_ID     = "true"
      }
      secret_env = {}
    }

    "digest-flush" = {
      entry_point = "digestFlush"
      memory      = "256Mi"
      cpu         = "1"
      # One flush at a time (every minute); a second push while one runs gets 429 and is retried.
      concurrency   = 1
      min_instances = 0
      max_instances = 1
      # Not above the push ack deadline (60 s). A cut flush republishes at most: digest ids are fixed.
      timeout_seconds = 60
      ingress         = "ALLOW_INTERNAL_ONLY"
      env = {
        GOOGLE_CLOUD_PROJECT = var.project_id
        LOG_EXECUTION_ID     = "true"
      }
      secret_env = {}
    }

    # Audits every org each hour (fan-out on audit-requests: one message per org, each its own retries),
    # mails the 09:00 summary and posts the self-watch metrics to the MSP's own Mackerel org.
    "org-audit" = {
      entry_point = "orgAudit"
      memory      = "256Mi"
      cpu         = "1"
      # I/O-bound (Mackerel API with backoff, Firestore). 20 x 10 instances audits 1,000 orgs in minutes
      # without meeting Mackerel's rate limits from hundreds of instances at once.
      concurrency   = 20
      min_instances = 0
      max_instances = 10
      # Not above the push ack deadline (60 s); AUDIT_ORG_DEADLINE_MS (40 s) bounds one org's calls.
      timeout_seconds = 60
      ingress         = "ALLOW_INTERNAL_ONLY"
      env = {
        GOOGLE_CLOUD_PROJECT     = var.project_id
        AUDIT_WEBHOOK_URL_PREFIX = local.webhook_url_prefix
        AUDIT_MAIL_TO            = var.audit_mail_to
        AUDIT_MAIL_LANGUAGE      = var.audit_mail_language
        SELF_WATCH_ORG           = var.self_watch_org
        # Heap sized for the 256 MB instance (measured: npm run bench, audit round peak RSS).
        NODE_OPTIONS     = "--max-old-space-size=128"
        LOG_EXECUTION_ID = "true"
      }
      # API keys are read per org at run time (mackerel-api-key-<org>), not mounted: orgs come and go.
      secret_env = {}
    }

    # CDN commit watch: hourly per contract (fan-out on cdn-polls), forecast, alerts, 09:00 digest.
    "cdn-usage" = {
      entry_point = "cdnUsage"
      memory      = "512Mi"
      cpu         = "1"
      # A contract's month of hourly buckets is ~750 documents; a few at a time per instance.
      concurrency   = 4
      min_instances = 0
      max_instances = 5
      # Not above the push ack deadline (60 s); a cut poll is redone idempotently by the redelivery.
      timeout_seconds = 60
      ingress         = "ALLOW_INTERNAL_ONLY"
      env = {
        GOOGLE_CLOUD_PROJECT = var.project_id
        LOG_EXECUTION_ID     = "true"
      }
      # Provider tokens are read per contract at run time (the secret each contract names).
      secret_env = {}
    }

    # Reads each org's alerts back from Mackerel every 15 minutes and republishes what never arrived.
    reconcile = {
      entry_point   = "reconcile"
      memory        = "256Mi"
      cpu           = "1"
      concurrency   = 20
      min_instances = 0
      max_instances = 5
      # Not above the push ack deadline (60 s); RECONCILE_ORG_DEADLINE_MS (50 s) bounds one org.
      timeout_seconds = 60
      ingress         = "ALLOW_INTERNAL_ONLY"
      env = {
        GOOGLE_CLOUD_PROJECT = var.project_id
        NODE_OPTIONS         = "--max-old-space-size=128"
        LOG_EXECUTION_ID     = "true"
      }
      secret_env = {}
    }

    # External probes: every minute, one message per org with probes (fan-out on probe-requests), each
    # org's targets in chunks (further chunk messages on the same topic, each retried on its own); the
    # results are posted as the probed hosts' metrics in the org's Mackerel, the self-watch figures to
    # the MSP's own org. Its outbound probes may leave from one fixed address (probes-egress.tf).
    probe = {
      entry_point = "probe"
      memory      = "512Mi"
      cpu         = "1"
      # Waiting-bound: a message spends most of its time on Firestore, the targets' answers and the post
      # (npm run bench: ~0.5-0.7 s a chunk), so 32 run at once; each keeps up to PROBE_CONCURRENCY (50)
      # probes in flight, 1,600 sockets per instance at most. One instance did 1,000 orgs x 20 probes
      # within the minute in the bench; more instances start when a round queues up.
      concurrency   = 32
      min_instances = 0
      max_instances = 20
      # Not above the push ack deadline (60 s); PROBE_ROUND_DEADLINE_MS (30 s) bounds a chunk's probes,
      # the rest of the minute posts them. A cut chunk is redone by the redelivery or the next round.
      timeout_seconds = 60
      ingress         = "ALLOW_INTERNAL_ONLY"
      # (The local stack's loopback switch is never set here: loopback is refused in Google Cloud, and
      # test/integration/infra/probes-infra.test.ts holds infra/ to that.)
      env = {
        GOOGLE_CLOUD_PROJECT = var.project_id
        SELF_WATCH_ORG       = var.self_watch_org
        LOG_EXECUTION_ID     = "true"
      }
      # API keys are read per org at run time (mackerel-api-key-<org>), not mounted: orgs come and go.
      secret_env = {}
    }

    "repeat-sweep" = {
      entry_point = "repeatSweep"
      memory      = "256Mi"
      cpu         = "1"
      # One sweep at a time (every 5 minutes); a second push while one runs gets 429 and is retried.
      concurrency   = 1
      min_instances = 0
      max_instances = 1
      # Not above the push ack deadline (60 s). A cut sweep loses nothing: repeats wait in the alert's
      # outbox, and their ids follow from the notification they repeat.
      timeout_seconds = 60
      ingress         = "ALLOW_INTERNAL_ONLY"
      env = {
        GOOGLE_CLOUD_PROJECT    = var.project_id
        ROUTER_SLACK_PER_MINUTE = local.router_chat_caps.slack_per_minute
        ROUTER_TEAMS_PER_MINUTE = local.router_chat_caps.teams_per_minute
        LOG_EXECUTION_ID        = "true"
      }
      secret_env = {}
    }

    router = {
      entry_point = "router"
      memory      = "512Mi"
      cpu         = "1"
      # I/O-bound (Firestore reads and conditional writes, publishes). 40 x 20 instances absorbs a storm
      # of 10,000 webhooks a minute without a thousand instances.
      concurrency   = 40
      min_instances = 0
      max_instances = 20
      # Not above the push ack deadline (60 s): a redelivery must not overtake a live attempt.
      timeout_seconds = 60
      ingress         = "ALLOW_INTERNAL_ONLY"
      env = {
        GOOGLE_CLOUD_PROJECT    = var.project_id
        ROUTER_SLACK_PER_MINUTE = local.router_chat_caps.slack_per_minute
        ROUTER_TEAMS_PER_MINUTE = local.router_chat_caps.teams_per_minute
        LOG_EXECUTION_ID        = "true"
      }
      secret_env = {}
    }

    mailer = {
      entry_point = "mailer"
      memory      = "256Mi"
      cpu         = "1"
      # I/O-bound (SendGrid, Firestore). 20 x 10 instances bounds sends in flight at 200, so a storm
      # meets SendGrid's rate limit as 429s that Pub/Sub backs off, not as a thousand instances.
      concurrency   = 20
      min_instances = 0
      max_instances = 10
      # A send is bounded by SENDGRID_TIMEOUT_MS and CHAT_TIMEOUT_MS (10 s each per request); the claim
      # lease (MAILER_LEASE_SECONDS, 60 s) is not shorter than this, so a request the platform cuts off
      # has stopped before its lease ends. (A PagerDuty digest sends up to 40 events in a row; a lease
      # overtaken there resends events whose dedup_keys make the second copy harmless.)
      timeout_seconds = 60
      ingress         = "ALLOW_INTERNAL_ONLY"
      env = {
        GOOGLE_CLOUD_PROJECT = var.project_id
        MAIL_FROM_ADDRESS    = var.mail_from_address
        MAIL_FROM_NAME       = var.mail_from_name
        LOG_EXECUTION_ID     = "true"
        # Chat and paging messages link to the console.
        CONSOLE_BASE_URL = local.console_url
      }
      # The secret needs a version before the first deploy (infra/README.md, first-time setup).
      secret_env = {
        SENDGRID_API_KEY = "sendgrid-api-key"
      }
    }

    # The operator console (server-rendered pages over Firestore; it writes silences only), served only
    # behind Identity-Aware Proxy: the HTTPS load balancer in console.tf is its one way in.
    console = {
      entry_point = "console"
      memory      = "512Mi"
      cpu         = "1"
      # I/O-bound (Firestore reads per page) for a handful of operators.
      concurrency     = 40
      min_instances   = 0
      max_instances   = 3
      timeout_seconds = 60
      # Internal traffic and Google's load balancers only: the run.app and cloudfunctions.net URLs are
      # refused from the internet, so every request has passed IAP. Only IAP's agent may invoke it.
      ingress = "ALLOW_INTERNAL_AND_GCLB"
      env = {
        GOOGLE_CLOUD_PROJECT = var.project_id
        # The `aud` of IAP's assertions: built from the backend service's generated_id (console.tf, which
        # explains why that is no cycle).
        CONSOLE_IAP_AUDIENCE = local.console_iap_audience
        # POSTs from any other origin are refused (CSRF).
        CONSOLE_ORIGIN = local.console_url
        # Read at run time through the Secret Manager client (not mounted): a version is added by hand.
        CONSOLE_CSRF_KEY_SECRET = google_secret_manager_secret.console_csrf_key.secret_id
        LOG_EXECUTION_ID        = "true"
      }
      secret_env = {}
    }

    "dead-letter-recorder" = {
      entry_point     = "deadLetterRecorder"
      memory          = "256Mi"
      cpu             = "1"
      concurrency     = 10
      min_instances   = 0
      max_instances   = 2
      timeout_seconds = 60
      ingress         = "ALLOW_INTERNAL_ONLY"
      env = {
        GOOGLE_CLOUD_PROJECT = var.project_id
        LOG_EXECUTION_ID     = "true"
      }
      secret_env = {}
    }
  }
}

resource "google_storage_bucket" "function_source" {
  name     = var.source_archive_bucket
  location = var.region

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  depends_on = [google_project_service.api]
}

# `npm run build` writes dist/functions/<name>/ (index.js + package.json); cloudbuild.yaml runs it
# before terraform plan.
data "archive_file" "function_source" {
  for_each = local.functions

  type        = "zip"
  source_dir  = "${path.module}/../dist/functions/${each.key}"
  output_path = "${path.module}/.terraform/archives/${each.key}.zip"
}

# The object name carries the archive's content hash: new code means a new object, which changes the
# function's source and makes Terraform redeploy it; unchanged code deploys nothing.
resource "google_storage_bucket_object" "function_source" {
  for_each = local.functions

  name   = "functions/${each.key}/${data.archive_file.function_source[each.key].output_md5}.zip"
  bucket = google_storage_bucket.function_source.name
  source = data.archive_file.function_source[each.key].output_path
}

resource "google_cloudfunctions2_function" "function" {
  for_each = local.functions

  name     = each.key
  location = var.region

  build_config {
    runtime         = local.runtime
    entry_point     = each.value.entry_point
    service_account = google_service_account.function_builder.id

    source {
      storage_source {
        bucket = google_storage_bucket.function_source.name
        object = google_storage_bucket_object.function_source[each.key].name
      }
    }
  }

  service_config {
    available_memory                 = each.value.memory
    available_cpu                    = each.value.cpu
    max_instance_request_concurrency = each.value.concurrency
    min_instance_count               = each.value.min_instances
    max_instance_count               = each.value.max_instances
    timeout_seconds                  = each.value.timeout_seconds
    ingress_settings                 = each.value.ingress
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.function[each.key].email
    environment_variables            = each.value.env
    # Only probe calls customer hosts: with var.probe_fixed_egress_ip on, all its traffic goes through
    # the Serverless VPC Access connector and Cloud NAT, from one reserved address (probes-egress.tf
    # says why a connector). "" leaves a setting unset, as for every other function.
    vpc_connector                 = each.key == "probe" ? local.probe_egress.vpc_connector : ""
    vpc_connector_egress_settings = each.key == "probe" ? local.probe_egress.vpc_egress : ""

    dynamic "secret_environment_variables" {
      for_each = each.value.secret_env

      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = secret_environment_variables.value
        version    = "latest"
      }
    }
  }

  depends_on = [
    google_project_service.api,
    google_project_iam_member.function_builder,
    google_storage_bucket_iam_member.function_builder_source,
    # A function whose account cannot read its secret fails to deploy.
    google_secret_manager_secret_iam_member.mailer_sendgrid_api_key,
    # The console reads its CSRF key at run time; its account may read it before the first request.
    google_secret_manager_secret_iam_member.console_csrf_key,
    # probe names its connector by path (there is none while the option is off): it must exist before
    # the function is deployed onto it, and the NAT before the first probe leaves through it.
    google_vpc_access_connector.probe_egress,
    google_compute_router_nat.probe_egress,
  ]
}

# Mackerel's webhooks come from the internet: the intake service (the Cloud Run service behind the gen2
# function has the function's name) is invocable by anyone; it authenticates callers by the per-org
# token in the URL. An org policy restricting allUsers (domain restricted sharing) must allow this.
resource "google_cloud_run_service_iam_member" "intake_public" {
  project  = var.project_id
  location = var.region
  service  = google_cloudfunctions2_function.function["intake"].name
  role     = "roles/run.invoker"
  member   = "allUsers"
}
