resource "google_firestore_database" "default" {
  project     = var.project_id
  name        = "(default)"
  location_id = var.firestore_location
  type        = "FIRESTORE_NATIVE"

  delete_protection_state = "DELETE_PROTECTION_ENABLED"
  # `terraform destroy` leaves the data alone.
  deletion_policy = "ABANDON"

  depends_on = [google_project_service.api]
}

# Composite indexes, for queries that filter on one field and order by another (Firestore keeps
# single-field indexes automatically; the emulator enforces none, so tests will not tell you one is
# missing). The console's Now reads openAlerts newest first, for one org, one status, or both.
locals {
  open_alert_indexes = {
    by_org        = ["org"]
    by_status     = ["status"]
    by_org_status = ["org", "status"]
  }
}

resource "google_firestore_index" "open_alerts" {
  for_each = local.open_alert_indexes

  project     = var.project_id
  database    = google_firestore_database.default.name
  collection  = "openAlerts"
  query_scope = "COLLECTION"

  dynamic "fields" {
    for_each = each.value
    content {
      field_path = fields.value
      order      = "ASCENDING"
    }
  }

  fields {
    field_path = "openedAt"
    order      = "DESCENDING"
  }
}

locals {
  # Collections (or collection groups: "events" is orgs/{org}/alerts/{id}/events, "groupFolds" is
  # groupDigests/{id}/groupFolds) whose documents carry
  # an expiresAt timestamp (retention in shared/platform/firestore/firestore-retention.ts). TTL deletes a document
  # within about a day of expiry, so readers that care check expiry too.
  ttl_collections = [
    "dedupKeys",
    "deliveries",
    "groupDigests",
    "groupFolds",
    "groupWindowOpens",
    "recipientHours",
    "events",
    "silences",
    # cdnContracts/{id}/hours: hourly CDN buckets, kept 400 days (13+ months of history).
    "hours",
    "missedWebhooks",
  ]
}

resource "google_firestore_field" "expires_at_ttl" {
  for_each = toset(local.ttl_collections)

  project    = var.project_id
  database   = google_firestore_database.default.name
  collection = each.key
  field      = "expiresAt"

  ttl_config {}

  # No single-field indexes on the TTL timestamp: nothing queries it, and monotonically increasing
  # indexed values hotspot writes.
  index_config {}
}
