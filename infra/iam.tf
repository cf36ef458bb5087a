# Least privilege: one service account per function, granted only what its code calls, on the narrowest
# resource. test/integration/infra/infra-consistency.test.ts holds every grant below to an allow-list.

# ---------------------------------------------------------------------------------------------------------
# Function runtime identities
# ---------------------------------------------------------------------------------------------------------

resource "google_service_account" "function" {
  for_each = local.functions

  account_id   = "fn-${each.key}"
  display_name = "Cloud Function ${each.key}"

  depends_on = [google_project_service.api]
}

locals {
  # "<function>/<topic>": the topics each function publishes to.
  #   intake:        publishes accepted webhooks to mackerel-events (shared/intake/accept-webhook.ts).
  #   backlog-drain: republishes backlogged entries, all written by intake for mackerel-events.
  #   router:        notifications, audit-requests on hostRegister, and repeat-sweep-requests (one org's
  #                  sweep) when an alert that inhibited others stops (shared/alerting/router/router-topics.ts).
  #   digest-flush:  digests of ended group windows to notifications (shared/alerting/storm/flush-digests.ts).
  #   repeat-sweep:  repeats of alerts that stay open to notifications (shared/alerting/router/sweep-repeats.ts).
  #   org-audit:     its own per-org fan-out to audit-requests, finding mails to notifications.
  #   cdn-usage:     its own per-contract fan-out to cdn-polls, finance mails to notifications.
  #   reconcile:     its own per-org fan-out to reconcile-requests, missed events to mackerel-events.
  #   probe:         its own fan-out to probe-requests: one message per org, then one per further chunk
  #                  of an org's targets (shared/probes/run-probe-round.ts). It mails nothing.
  function_topic_publishers = {
    "probe/probe-requests" = {
      function = "probe"
      topic    = "probe-requests"
    }
    "reconcile/reconcile-requests" = {
      function = "reconcile"
      topic    = "reconcile-requests"
    }
    "reconcile/mackerel-events" = {
      function = "reconcile"
      topic    = "mackerel-events"
    }
    "org-audit/audit-requests" = {
      function = "org-audit"
      topic    = "audit-requests"
    }
    "org-audit/notifications" = {
      function = "org-audit"
      topic    = "notifications"
    }
    "cdn-usage/cdn-polls" = {
      function = "cdn-usage"
      topic    = "cdn-polls"
    }
    "cdn-usage/notifications" = {
      function = "cdn-usage"
      topic    = "notifications"
    }
    "repeat-sweep/notifications" = {
      function = "repeat-sweep"
      topic    = "notifications"
    }
    "digest-flush/notifications" = {
      function = "digest-flush"
      topic    = "notifications"
    }
    "router/notifications" = {
      function = "router"
      topic    = "notifications"
    }
    "router/audit-requests" = {
      function = "router"
      topic    = "audit-requests"
    }
    "router/repeat-sweep-requests" = {
      function = "router"
      topic    = "repeat-sweep-requests"
    }
    "intake/mackerel-events" = {
      function = "intake"
      topic    = "mackerel-events"
    }
    "backlog-drain/mackerel-events" = {
      function = "backlog-drain"
      topic    = "mackerel-events"
    }
  }

  # "<function>/<role>": project-level roles. Firestore IAM has no per-collection scope, so
  # roles/datastore.user (read/write documents, no index or database admin) on the project is the floor.
  #   intake:        webhookTokens (read), intakeBacklog (create).
  #   backlog-drain: intakeBacklog (query, delete, count).
  #   router:        orgs (routes, inhibitRules, alerts, hosts subcollections), mspRoutes, inhibitRules,
  #                  silences (read), dedupKeys, groupWindows, groupDigests, groupFolds, recipientHours
  #                  (storm control).
  #   digest-flush:  groupDigests, groupFolds (query), recipientHours.
  #   org-audit:     orgs (read), orgAudits, hostIndex, orgs/*/hostCounts; monitorPlans, probeRounds (read:
  #                  drift, probe definitions); counts of dedupKeys, intakeBacklog, deadLetters (self-watch).
  #   cdn-usage:     cdnContracts and their hours and alert states.
  #   reconcile:     orgs (read), orgs/*/alerts (read), missedWebhooks (create).
  #   probe:         orgs, probeDefinitions (read), probeHosts, probeRounds (read/write). Its org keys
  #                  are per secret (secrets.tf).
  #   repeat-sweep:  orgs (list), alerts and alertGroups (query open, conditional write), hosts, routes,
  #                  mspRoutes, inhibitRules, silences (read), and the storm-control collections as the
  #                  router.
  #   mailer:        deliveries (create, read, conditional update).
  #   dead-letter-recorder: deadLetters (create).
  #   console:       orgs and their alerts, alert groups and events, hosts and host counts, audits,
  #                  CDN contracts, deliveries, groupDigests, consoleUsers, probeDefinitions, probeHosts,
  #                  probeRounds (read); silences, the one collection it writes. Its other grants are
  #                  per resource: console-csrf-key (secrets.tf); IAP's agent may invoke it (console.tf).
  # Neither mailer nor dead-letter-recorder publishes: the recorder's input arrives by push, and the
  # mailer's permanent failures are recorded and logged, not republished.
  function_project_roles = {
    "intake/datastore.user" = {
      function = "intake"
      role     = "roles/datastore.user"
    }
    "backlog-drain/datastore.user" = {
      function = "backlog-drain"
      role     = "roles/datastore.user"
    }
    "digest-flush/datastore.user" = {
      function = "digest-flush"
      role     = "roles/datastore.user"
    }
    "org-audit/datastore.user" = {
      function = "org-audit"
      role     = "roles/datastore.user"
    }
    "cdn-usage/datastore.user" = {
      function = "cdn-usage"
      role     = "roles/datastore.user"
    }
    "reconcile/datastore.user" = {
      function = "reconcile"
      role     = "roles/datastore.user"
    }
    "probe/datastore.user" = {
      function = "probe"
      role     = "roles/datastore.user"
    }
    "repeat-sweep/datastore.user" = {
      function = "repeat-sweep"
      role     = "roles/datastore.user"
    }
    "router/datastore.user" = {
      function = "router"
      role     = "roles/datastore.user"
    }
    "mailer/datastore.user" = {
      function = "mailer"
      role     = "roles/datastore.user"
    }
    "dead-letter-recorder/datastore.user" = {
      function = "dead-letter-recorder"
      role     = "roles/datastore.user"
    }
    "console/datastore.user" = {
      function = "console"
      role     = "roles/datastore.user"
    }
  }
}

resource "google_pubsub_topic_iam_member" "function_publisher" {
  for_each = local.function_topic_publishers

  topic  = google_pubsub_topic.topic[each.value.topic].name
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:${google_service_account.function[each.value.function].email}"
}

resource "google_project_iam_member" "function" {
  for_each = local.function_project_roles

  project = var.project_id
  role    = each.value.role
  member  = "serviceAccount:${google_service_account.function[each.value.function].email}"

  depends_on = [google_project_service.resource_manager]
}

# ---------------------------------------------------------------------------------------------------------
# Pub/Sub push: the identity in the push OIDC token, and the Pub/Sub service agent
# ---------------------------------------------------------------------------------------------------------

resource "google_service_account" "pubsub_push" {
  account_id   = "pubsub-push"
  display_name = "Pub/Sub push subscriptions (OIDC identity)"

  depends_on = [google_project_service.api]
}

# The push identity may invoke exactly the functions that a push subscription targets.
resource "google_cloud_run_service_iam_member" "push_invoker" {
  for_each = local.push_subscriptions

  project  = var.project_id
  location = var.region
  service  = google_cloudfunctions2_function.function[each.value.function].name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.pubsub_push.email}"
}

# Dead-lettering: the service agent must publish to the dead-letter topic and subscribe to (ack on) the
# source subscription, or Pub/Sub keeps redelivering instead of forwarding.
# (Projects created before 8 April 2021 also need roles/iam.serviceAccountTokenCreator for the agent on
# the push service account to mint OIDC tokens; newer projects have it built in.)
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  for_each = toset(local.dead_letter_topics)

  topic  = google_pubsub_topic.dead_letter[each.key].name
  role   = "roles/pubsub.publisher"
  member = local.pubsub_service_agent
}

resource "google_pubsub_subscription_iam_member" "dead_letter_source_subscriber" {
  for_each = local.push_subscriptions

  subscription = google_pubsub_subscription.push[each.key].name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_service_agent
}

# ---------------------------------------------------------------------------------------------------------
# Function builds: the service account Cloud Build uses to turn a source zip into the function's image
# (build_config.service_account; the default build account of new projects lacks these permissions).
# ---------------------------------------------------------------------------------------------------------

resource "google_service_account" "function_builder" {
  account_id   = "function-builder"
  display_name = "Cloud Functions image builds"

  depends_on = [google_project_service.api]
}

locals {
  # As documented for a user-specified build service account: build logs and the built image on the
  # project; reading the staged source (storage.objectAdmin in Google's list) on the source bucket only.
  # Project-wide objectAdmin would let a function build rewrite the Terraform state bucket.
  function_builder_roles = [
    "roles/logging.logWriter",
    "roles/artifactregistry.writer",
  ]
}

resource "google_project_iam_member" "function_builder" {
  for_each = toset(local.function_builder_roles)

  project = var.project_id
  role    = each.key
  member  = "serviceAccount:${google_service_account.function_builder.email}"

  depends_on = [google_project_service.resource_manager]
}

resource "google_storage_bucket_iam_member" "function_builder_source" {
  bucket = google_storage_bucket.function_source.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.function_builder.email}"
}

# ---------------------------------------------------------------------------------------------------------
# Deployer: the service account the main-branch trigger (cloudbuild.tf) runs cloudbuild.yaml as: tests,
# build, terraform plan and apply.
#
# Bootstrap: the first `terraform apply` is run by a project owner. A Terraform that manages IAM is
# admin-equivalent by nature, so this account is keyless and used by the main-branch trigger only; pull
# requests run as cloud-build-planner (below), which cannot change anything.
# ---------------------------------------------------------------------------------------------------------

resource "google_service_account" "deployer" {
  account_id   = "cloud-build-deployer"
  display_name = "Cloud Build: test, build and terraform apply"

  depends_on = [google_project_service.api]
}

locals {
  # What `terraform plan/apply` of this directory needs, one role per resource family:
  deployer_roles = [
    "roles/cloudfunctions.developer",        # google_cloudfunctions2_function
    "roles/run.admin",                       # IAM on the Cloud Run services behind the functions
    "roles/iam.serviceAccountAdmin",         # google_service_account (+ their IAM)
    "roles/iam.serviceAccountUser",          # actAs: function SAs, function-builder, pubsub-push, trigger SAs
    "roles/resourcemanager.projectIamAdmin", # google_project_iam_member
    "roles/serviceusage.serviceUsageAdmin",  # google_project_service
    "roles/pubsub.admin",                    # topics, subscriptions and their IAM
    "roles/cloudscheduler.admin",            # scheduler jobs
    "roles/datastore.owner",                 # Firestore database and TTL field config
    "roles/secretmanager.admin",             # secrets (never their values) and their IAM
    "roles/storage.admin",                   # source bucket and objects, Terraform state bucket
    "roles/monitoring.editor",               # notification channel, alert policies
    "roles/logging.configWriter",            # log-based metrics
    "roles/logging.logWriter",               # the build's own logs (options.logging: CLOUD_LOGGING_ONLY)
    "roles/cloudbuild.builds.editor",        # google_cloudbuild_trigger (cloudbuild.tf)
    "roles/compute.loadBalancerAdmin",       # the console's load balancer, IAP on its backend (console.tf)
    "roles/iap.admin",                       # google_iap_web_backend_service_iam_member (console.tf)
    # probes-egress.tf: network, subnet, router, NAT and address; the connector. Held whether or not
    # the option is on: granted in the same apply that first uses them, they would race IAM propagation.
    "roles/compute.networkAdmin",
    "roles/vpcaccess.admin",
  ]
}

resource "google_project_iam_member" "deployer" {
  for_each = toset(local.deployer_roles)

  project = var.project_id
  role    = each.key
  member  = "serviceAccount:${google_service_account.deployer.email}"

  depends_on = [google_project_service.resource_manager]
}

# ---------------------------------------------------------------------------------------------------------
# Planner: the service account the pull-request trigger runs cloudbuild-pr.yaml as. A pull request brings
# its own build config and npm scripts, so whatever it runs can use this account's rights: read-only, no
# IAM admin, no actAs, no secret values, no writes (terraform plan -lock=false: the GCS lock is a write).
# ---------------------------------------------------------------------------------------------------------

resource "google_service_account" "planner" {
  account_id   = "cloud-build-planner"
  display_name = "Cloud Build: test, build and terraform plan of pull requests (read-only)"

  depends_on = [google_project_service.api]
}

locals {
  planner_project_roles = [
    "roles/viewer",               # refresh: read every resource of this directory
    "roles/iam.securityReviewer", # refresh: read the IAM policies (getIamPolicy) of *_iam_member
    "roles/logging.logWriter",    # the build's own logs (options.logging: CLOUD_LOGGING_ONLY)
  ]
}

resource "google_project_iam_member" "planner" {
  for_each = toset(local.planner_project_roles)

  project = var.project_id
  role    = each.key
  member  = "serviceAccount:${google_service_account.planner.email}"

  depends_on = [google_project_service.resource_manager]
}

# The state (read at init and plan) and the source objects (refreshed by plan); viewer does not read
# objects. The state bucket is created by hand before the first init (infra/README.md).
resource "google_storage_bucket_iam_member" "planner_state" {
  bucket = var.tf_state_bucket
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.planner.email}"
}

resource "google_storage_bucket_iam_member" "planner_source" {
  bucket = google_storage_bucket.function_source.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.planner.email}"
}

# ---------------------------------------------------------------------------------------------------------
# Day one: IAM is eventually consistent ("typically 2 minutes, potentially 7 minutes or longer", Google's
# access change propagation docs). Until the grants above are live, a push is answered 403, retried and
# dead-lettered after 5 attempts (~2.5 min at 10 s..600 s backoff), and the dead-letter alert fires. The
# scheduler jobs (every minute, scheduler.tf) are created only after this wait; it runs again whenever a
# grant that a scheduled push needs is added or replaced (a new function), never on an unchanged plan.
# ---------------------------------------------------------------------------------------------------------

resource "time_sleep" "iam_propagation" {
  create_duration = "420s"

  triggers = {
    push_invoker       = join(",", sort([for m in google_cloud_run_service_iam_member.push_invoker : m.id]))
    dead_letter        = join(",", sort([for m in google_pubsub_topic_iam_member.dead_letter_publisher : m.id]))
    dead_letter_source = join(",", sort([for m in google_pubsub_subscription_iam_member.dead_letter_source_subscriber : m.id]))
    function_roles     = join(",", sort([for m in google_project_iam_member.function : m.id]))
    function_topics    = join(",", sort([for m in google_pubsub_topic_iam_member.function_publisher : m.id]))
  }
}
