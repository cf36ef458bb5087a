# Least privilege: one service account per function, granted only what its code calls, on the narrowest
# resource. test/integration/infra-consistency.test.ts holds every grant below to an allow-list.

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
  #   router:        notifications, and audit-requests on hostRegister (shared/router/router-topics.ts).
  #   digest-flush:  digests of ended group windows to notifications (shared/storm/flush-digests.ts).
  #   repeat-sweep:  repeats of alerts that stay open to notifications (shared/router/sweep-repeats.ts).
  #   org-audit:     its own per-org fan-out to audit-requests, finding mails to notifications.
  #   cdn-usage:     its own per-contract fan-out to cdn-polls, finance mails to notifications.
  #   reconcile:     its own per-org fan-out to reconcile-requests, missed events to mackerel-events.
  function_topic_publishers = {
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
  #   router:        orgs (routes, alerts, hosts subcollections), mspRoutes, silences (read), dedupKeys,
  #                  groupWindows, groupDigests, groupFolds, recipientHours (storm control).
  #   digest-flush:  groupDigests, groupFolds (query), recipientHours.
  #   org-audit:     orgs (read), orgAudits, hostIndex, orgs/*/hostCounts; counts of dedupKeys, intakeBacklog,
  #                  deadLetters (self-watch).
  #   cdn-usage:     cdnContracts and their hours and alert states.
  #   reconcile:     orgs (read), orgs/*/alerts (read), missedWebhooks (create).
  #   repeat-sweep:  orgs (list), alerts and alertGroups (query open, conditional write), hosts, routes,
  #                  mspRoutes, silences (read), and the storm-control collections as the router.
  #   mailer:        deliveries (create, read, conditional update).
  #   dead-letter-recorder: deadLetters (create).
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
  # As documented for a user-specified build service account: build logs, the built image, and reading
  # the staged source.
  function_builder_roles = [
    "roles/logging.logWriter",
    "roles/artifactregistry.writer",
    "roles/storage.objectAdmin",
  ]
}

resource "google_project_iam_member" "function_builder" {
  for_each = toset(local.function_builder_roles)

  project = var.project_id
  role    = each.key
  member  = "serviceAccount:${google_service_account.function_builder.email}"
}

# ---------------------------------------------------------------------------------------------------------
# Deployer: the service account the Cloud Build trigger runs cloudbuild.yaml (tests, build, terraform) as.
#
# Bootstrap: the first `terraform apply` is run by a project owner; afterwards the trigger is configured
# with this service account. A Terraform that manages IAM is admin-equivalent by nature, so keep it
# keyless, usable only by the trigger, and the main-branch trigger the only one with _APPLY=true.
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
    "roles/iam.serviceAccountUser",          # actAs: function runtime SAs, function-builder, pubsub-push (OIDC)
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
  ]
}

resource "google_project_iam_member" "deployer" {
  for_each = toset(local.deployer_roles)

  project = var.project_id
  role    = each.key
  member  = "serviceAccount:${google_service_account.deployer.email}"
}
