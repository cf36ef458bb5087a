locals {
  # Mirrors TOPICS in shared/kernel/topology.ts.
  topics = [
    "mackerel-events",
    "backlog-drain-requests",
    "notifications",
    "audit-requests",
    "digest-flush-requests",
    "repeat-sweep-requests",
    "cdn-polls",
    "reconcile-requests",
    "probe-requests",
  ]

  # deadLetterTopicOf(topic) for every topic that a push subscription reads (ALL_TOPICS minus TOPICS).
  # Every worker's dead-letter topic is also read (by dead-letter-recorder), so each has a dead-letter
  # topic of its own; nothing reads those but their hold subscriptions, which ends the chain (PushTopic
  # in topology.ts).
  dead_letter_topics = [
    "backlog-drain-requests-dead-letter",
    "mackerel-events-dead-letter",
    "notifications-dead-letter",
    "digest-flush-requests-dead-letter",
    "audit-requests-dead-letter",
    "cdn-polls-dead-letter",
    "reconcile-requests-dead-letter",
    "repeat-sweep-requests-dead-letter",
    "probe-requests-dead-letter",
    "backlog-drain-requests-dead-letter-dead-letter",
    "mackerel-events-dead-letter-dead-letter",
    "notifications-dead-letter-dead-letter",
    "digest-flush-requests-dead-letter-dead-letter",
    "audit-requests-dead-letter-dead-letter",
    "cdn-polls-dead-letter-dead-letter",
    "reconcile-requests-dead-letter-dead-letter",
    "repeat-sweep-requests-dead-letter-dead-letter",
    "probe-requests-dead-letter-dead-letter",
  ]

  # Mirrors PUSH_SUBSCRIPTIONS: "<topic>--<function>" for every function with a push trigger.
  push_subscriptions = {
    "mackerel-events--router" = {
      topic             = "mackerel-events"
      function          = "router"
      dead_letter_topic = "mackerel-events-dead-letter"
    }
    "backlog-drain-requests--backlog-drain" = {
      topic             = "backlog-drain-requests"
      function          = "backlog-drain"
      dead_letter_topic = "backlog-drain-requests-dead-letter"
    }
    "digest-flush-requests--digest-flush" = {
      topic             = "digest-flush-requests"
      function          = "digest-flush"
      dead_letter_topic = "digest-flush-requests-dead-letter"
    }
    "audit-requests--org-audit" = {
      topic             = "audit-requests"
      function          = "org-audit"
      dead_letter_topic = "audit-requests-dead-letter"
    }
    "cdn-polls--cdn-usage" = {
      topic             = "cdn-polls"
      function          = "cdn-usage"
      dead_letter_topic = "cdn-polls-dead-letter"
    }
    "reconcile-requests--reconcile" = {
      topic             = "reconcile-requests"
      function          = "reconcile"
      dead_letter_topic = "reconcile-requests-dead-letter"
    }
    "repeat-sweep-requests--repeat-sweep" = {
      topic             = "repeat-sweep-requests"
      function          = "repeat-sweep"
      dead_letter_topic = "repeat-sweep-requests-dead-letter"
    }
    # The schedule, and probe's own per-org and per-chunk fan-out: a chunk that fails is retried alone.
    "probe-requests--probe" = {
      topic             = "probe-requests"
      function          = "probe"
      dead_letter_topic = "probe-requests-dead-letter"
    }
    "notifications--mailer" = {
      topic             = "notifications"
      function          = "mailer"
      dead_letter_topic = "notifications-dead-letter"
    }
    # dead-letter-recorder reads every worker's dead-letter topic: records each message (msp-ops
    # deadletters list / replay), counts it for self-watch and the daily summary, and logs it at ERROR.
    # Its own failures go one level further and stop there (retained and alerted on, like every dead letter).
    "backlog-drain-requests-dead-letter--dead-letter-recorder" = {
      topic             = "backlog-drain-requests-dead-letter"
      function          = "dead-letter-recorder"
      dead_letter_topic = "backlog-drain-requests-dead-letter-dead-letter"
    }
    "mackerel-events-dead-letter--dead-letter-recorder" = {
      topic             = "mackerel-events-dead-letter"
      function          = "dead-letter-recorder"
      dead_letter_topic = "mackerel-events-dead-letter-dead-letter"
    }
    "notifications-dead-letter--dead-letter-recorder" = {
      topic             = "notifications-dead-letter"
      function          = "dead-letter-recorder"
      dead_letter_topic = "notifications-dead-letter-dead-letter"
    }
    "digest-flush-requests-dead-letter--dead-letter-recorder" = {
      topic             = "digest-flush-requests-dead-letter"
      function          = "dead-letter-recorder"
      dead_letter_topic = "digest-flush-requests-dead-letter-dead-letter"
    }
    "audit-requests-dead-letter--dead-letter-recorder" = {
      topic             = "audit-requests-dead-letter"
      function          = "dead-letter-recorder"
      dead_letter_topic = "audit-requests-dead-letter-dead-letter"
    }
    "cdn-polls-dead-letter--dead-letter-recorder" = {
      topic             = "cdn-polls-dead-letter"
      function          = "dead-letter-recorder"
      dead_letter_topic = "cdn-polls-dead-letter-dead-letter"
    }
    "reconcile-requests-dead-letter--dead-letter-recorder" = {
      topic             = "reconcile-requests-dead-letter"
      function          = "dead-letter-recorder"
      dead_letter_topic = "reconcile-requests-dead-letter-dead-letter"
    }
    "repeat-sweep-requests-dead-letter--dead-letter-recorder" = {
      topic             = "repeat-sweep-requests-dead-letter"
      function          = "dead-letter-recorder"
      dead_letter_topic = "repeat-sweep-requests-dead-letter-dead-letter"
    }
    "probe-requests-dead-letter--dead-letter-recorder" = {
      topic             = "probe-requests-dead-letter"
      function          = "dead-letter-recorder"
      dead_letter_topic = "probe-requests-dead-letter-dead-letter"
    }
  }

  # Mirrors DELIVERY_POLICY.
  delivery_policy = {
    ack_deadline_seconds  = 60
    minimum_backoff       = "10s"
    maximum_backoff       = "600s"
    max_delivery_attempts = 5
  }

  # Pub/Sub's own service agent forwards dead letters and mints the push OIDC tokens.
  pubsub_service_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_pubsub_topic" "topic" {
  for_each = toset(local.topics)

  name = each.key

  # Topic retention keeps published messages for a week even when no subscription exists yet
  # (mackerel-events has no consumer until the router is deployed): a new subscription can then
  # seek back to them instead of starting empty.
  message_retention_duration = "604800s"

  depends_on = [google_project_service.api]
}

resource "google_pubsub_topic" "dead_letter" {
  for_each = toset(local.dead_letter_topics)

  name                       = each.key
  message_retention_duration = "604800s"

  depends_on = [google_project_service.api]
}

# Direct push subscriptions (not Eventarc): Terraform owns the retry policy, dead-letter topic and the
# service agent's IAM. The push body is the standard envelope that shared/platform/pubsub/push-envelope.ts parses.
resource "google_pubsub_subscription" "push" {
  for_each = local.push_subscriptions

  name = each.key
  # By id, spelled out: the topic read may be a named topic or a dead-letter topic, two resources
  # (depends_on below orders the creation). The same string as google_pubsub_topic's id, so no diff.
  topic = "projects/${var.project_id}/topics/${each.value.topic}"

  ack_deadline_seconds = local.delivery_policy.ack_deadline_seconds

  push_config {
    push_endpoint = google_cloudfunctions2_function.function[each.value.function].service_config[0].uri

    # Cloud Run checks this token; only the push service account holds run.invoker on the function.
    oidc_token {
      service_account_email = google_service_account.pubsub_push.email
    }
  }

  retry_policy {
    minimum_backoff = local.delivery_policy.minimum_backoff
    maximum_backoff = local.delivery_policy.maximum_backoff
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter[each.value.dead_letter_topic].id
    max_delivery_attempts = local.delivery_policy.max_delivery_attempts
  }

  # The default expires a subscription after 31 days without activity; a quiet topic must not lose it.
  expiration_policy {
    ttl = ""
  }

  depends_on = [
    google_pubsub_topic.topic,
    google_pubsub_topic.dead_letter,
    google_pubsub_topic_iam_member.dead_letter_publisher,
    google_cloud_run_service_iam_member.push_invoker,
  ]
}

# Messages forwarded to a topic without subscriptions are dropped: this pull subscription retains every
# dead letter (7 days) and its num_undelivered_messages is what the dead-letter alert counts. Nobody
# pulls it automatically; inspect or replay with `gcloud pubsub subscriptions pull`.
resource "google_pubsub_subscription" "dead_letter_hold" {
  for_each = toset(local.dead_letter_topics)

  name  = "${each.key}--hold"
  topic = google_pubsub_topic.dead_letter[each.key].id

  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"
  retain_acked_messages      = false

  expiration_policy {
    ttl = ""
  }
}
