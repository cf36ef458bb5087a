resource "google_monitoring_notification_channel" "email" {
  display_name = "MSP ops pipeline alerts"
  type         = "email"

  labels = {
    email_address = var.alert_email
  }

  depends_on = [google_project_service.api]
}

locals {
  # Every dead-letter hold subscription is named "<topic>-dead-letter--hold" (pubsub.tf); the alert
  # matches the suffix, so a new dead-letter topic is covered without touching this file.
  dead_letter_hold_suffix = "-dead-letter--hold"

  # "No events" window: intake normally accepts webhooks from ~70 orgs around the clock.
  no_events_window = "21600s" # 6 h

  # ("intake" OR "backlog-drain" ...): the Cloud Run services behind the functions.
  function_services = join(" OR ", formatlist("\"%s\"", keys(local.functions)))
}

# Counts accepted webhooks: intake logs "webhook accepted" (published) or "webhook accepted into
# backlog" (Pub/Sub down, stored for the drain) once per durable event; shared/intake/accept-webhook.ts.
resource "google_logging_metric" "webhook_accepted" {
  name   = "intake/webhook_accepted"
  filter = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"intake\" AND jsonPayload.message=~\"^webhook accepted\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
  }

  depends_on = [google_project_service.api]
}

# Every ERROR (or worse) log line from the pipeline's functions, including crashes at start
# (a ConfigError names each missing variable).
resource "google_logging_metric" "function_errors" {
  name   = "functions/error_logs"
  filter = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=(${local.function_services}) AND severity>=ERROR"

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
  }

  depends_on = [google_project_service.api]
}

# A log-based metric is not usable in an alert policy at once: creating the policy in the same apply
# fails with 404 "Cannot find metric(s) ... it could take up to 10 minutes to become available"
# (hashicorp/terraform-provider-google#11102). The policies on these metrics wait for this sleep, which
# runs when a metric is created or renamed (its id changes) and never on an unchanged plan.
resource "time_sleep" "log_metrics_available" {
  create_duration = "600s"

  triggers = {
    webhook_accepted = google_logging_metric.webhook_accepted.id
    function_errors  = google_logging_metric.function_errors.id
  }
}

resource "google_monitoring_alert_policy" "dead_letters" {
  display_name          = "Pub/Sub dead letters present"
  combiner              = "OR"
  notification_channels = [google_monitoring_notification_channel.email.id]

  conditions {
    display_name = "Undelivered messages on a dead-letter hold subscription"

    condition_threshold {
      filter          = "resource.type=\"pubsub_subscription\" AND metric.type=\"pubsub.googleapis.com/subscription/num_undelivered_messages\" AND resource.label.subscription_id=ends_with(\"${local.dead_letter_hold_suffix}\")"
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"

      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "A push subscription gave up on a message after its maximum delivery attempts and parked it in a dead-letter topic. Inspect with `gcloud pubsub subscriptions pull <subscription> --limit=10` (without --auto-ack), fix the cause, then republish or ack the messages."
  }
}

resource "google_monitoring_alert_policy" "function_errors" {
  display_name          = "Function ERROR logs"
  combiner              = "OR"
  notification_channels = [google_monitoring_notification_channel.email.id]

  conditions {
    display_name = "ERROR log lines from a pipeline function"

    condition_threshold {
      filter          = "resource.type=\"cloud_run_revision\" AND metric.type=\"logging.googleapis.com/user/${google_logging_metric.function_errors.name}\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["resource.label.service_name"]
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "A function logged at ERROR severity. In Logs Explorer filter on the service and `severity>=ERROR`; every line carries a correlationId."
  }

  depends_on = [time_sleep.log_metrics_available]
}

resource "google_monitoring_alert_policy" "intake_5xx" {
  display_name          = "Intake answers 5xx"
  combiner              = "OR"
  notification_channels = [google_monitoring_notification_channel.email.id]

  conditions {
    display_name = "Intake 5xx responses"

    condition_threshold {
      filter          = "resource.type=\"cloud_run_revision\" AND resource.label.service_name=\"${google_cloudfunctions2_function.function["intake"].name}\" AND metric.type=\"run.googleapis.com/request_count\" AND metric.label.response_code_class=\"5xx\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Intake answered 5xx: an event could be stored neither in Pub/Sub nor in the Firestore backlog, or the function failed. Mackerel suspends a webhook channel that keeps failing: check the org channels too."
  }
}

resource "google_monitoring_alert_policy" "no_events" {
  display_name          = "No Mackerel events accepted for 6 hours"
  combiner              = "OR"
  notification_channels = [google_monitoring_notification_channel.email.id]

  conditions {
    display_name = "No \"webhook accepted\" log lines from intake"

    condition_absent {
      filter   = "resource.type=\"cloud_run_revision\" AND metric.type=\"logging.googleapis.com/user/${google_logging_metric.webhook_accepted.name}\""
      duration = local.no_events_window

      aggregations {
        alignment_period     = "3600s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }

      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Intake has accepted no webhook for 6 hours. Likely causes: Mackerel suspended the webhook channels (repeated failures), a broken deploy of intake, or a changed intake URL."
  }

  depends_on = [time_sleep.log_metrics_available]
}
