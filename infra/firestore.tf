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

# Composite indexes: none yet. The only ordered query, the backlog drain's
# intakeBacklog.orderBy('receivedAt').limit(n), uses one field, and Firestore keeps single-field indexes
# automatically. Declare a google_firestore_index here when a query filters on one field and orders by
# another (the emulator does not enforce indexes, so tests will not tell you).

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
