output "intake_url" {
  description = "Base URL of the intake function."
  value       = google_cloudfunctions2_function.function["intake"].service_config[0].uri
}

output "intake_webhook_url_format" {
  description = "URL to configure in each org's Mackerel webhook channel; <token> is that org's webhook token."
  value       = "${google_cloudfunctions2_function.function["intake"].service_config[0].uri}/hooks/mackerel/<token>"
}

output "function_service_accounts" {
  description = "Runtime service account of each function."
  value       = { for name, sa in google_service_account.function : name => sa.email }
}

output "pubsub_push_service_account" {
  description = "Identity in the OIDC token of every push subscription."
  value       = google_service_account.pubsub_push.email
}

output "deployer_service_account" {
  description = "Service account to configure on the Cloud Build trigger that runs cloudbuild.yaml."
  value       = google_service_account.deployer.email
}

output "dead_letter_subscriptions" {
  description = "Pull subscriptions that retain dead letters."
  value       = [for sub in google_pubsub_subscription.dead_letter_hold : sub.name]
}
