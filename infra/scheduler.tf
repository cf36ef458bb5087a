locals {
  # Mirrors SCHEDULES in shared/kernel/topology.ts (the local scheduler runs the same list). The test
  # holds name, cron, time zone and topic equal, and parses each payload with its consumer's schema.
  schedules = {
    "backlog-drain" = {
      cron      = "*/5 * * * *"
      time_zone = "Asia/Tokyo"
      topic     = "backlog-drain-requests"
      payload = {
        reason = "schedule"
      }
    }
    # Publishes the digests of group windows that have ended (shared/alerting/storm/flush-digests.ts).
    "digest-flush" = {
      cron      = "* * * * *"
      time_zone = "Asia/Tokyo"
      topic     = "digest-flush-requests"
      payload = {
        reason = "schedule"
      }
    }
    # Every hour: one audit message per enabled org (shared/audit/run-org-audit.ts).
    "org-audit" = {
      cron      = "0 * * * *"
      time_zone = "Asia/Tokyo"
      topic     = "audit-requests"
      payload = {
        reason = "schedule"
      }
    }
    # 09:00 JST: what stands, across every org.
    "org-audit-summary" = {
      cron      = "0 9 * * *"
      time_zone = "Asia/Tokyo"
      topic     = "audit-requests"
      payload = {
        reason = "daily-summary"
      }
    }
    # Every hour at :20 (provider hour data lands ~15 min late): poll, forecast and alert per contract.
    "cdn-usage" = {
      cron      = "20 * * * *"
      time_zone = "Asia/Tokyo"
      topic     = "cdn-polls"
      payload = {
        reason = "schedule"
      }
    }
    # 09:00 JST: the day's figures to finance, per contract.
    "cdn-daily-digest" = {
      cron      = "0 9 * * *"
      time_zone = "Asia/Tokyo"
      topic     = "cdn-polls"
      payload = {
        reason = "daily-digest"
      }
    }
    # Every 15 minutes: read each org's alerts back and republish what never arrived.
    reconcile = {
      cron      = "*/15 * * * *"
      time_zone = "Asia/Tokyo"
      topic     = "reconcile-requests"
      payload = {
        reason = "schedule"
      }
    }
    # Every minute: one probe round per org with probes (shared/probes/run-probe-round.ts); a round
    # message older than PROBE_STALE_AFTER_MS is dropped, so a backlog never runs minutes late.
    probe = {
      cron      = "* * * * *"
      time_zone = "Asia/Tokyo"
      topic     = "probe-requests"
      payload = {
        reason = "schedule"
      }
    }
    # Mails again the alerts that stay open, per route repeat interval (shared/alerting/router/sweep-repeats.ts).
    "repeat-sweep" = {
      cron      = "*/5 * * * *"
      time_zone = "Asia/Tokyo"
      topic     = "repeat-sweep-requests"
      payload = {
        reason = "schedule"
      }
    }
  }
}

# Jobs publish to Pub/Sub, so no scheduler service account and no invoker grant are needed: Cloud
# Scheduler's own service agent (roles/cloudscheduler.serviceAgent, granted when the API is enabled)
# publishes, and the push subscription carries the message to the function. The jobs wait for
# time_sleep.iam_propagation (iam.tf): the first ticks must not meet grants that are not live yet.
resource "google_cloud_scheduler_job" "job" {
  for_each = local.schedules

  name      = each.key
  region    = var.region
  schedule  = each.value.cron
  time_zone = each.value.time_zone

  pubsub_target {
    topic_name = google_pubsub_topic.topic[each.value.topic].id
    data       = base64encode(jsonencode(each.value.payload))
    attributes = {
      schedule = each.key
    }
  }

  depends_on = [
    google_project_service.api,
    time_sleep.iam_propagation,
  ]
}
