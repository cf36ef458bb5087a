# The one webhook URL (functions.tf, local.public_webhook_base_url): pass it to
#   msp-ops org token rotate <org> --intake-url "$(terraform output -raw public_webhook_base_url)"
# org-audit checks every org's channel against the same value (AUDIT_WEBHOOK_URL_PREFIX).
output "public_webhook_base_url" {
  description = "Base of every org's Mackerel webhook URL (msp-ops org token rotate --intake-url); the channel URL is <this>/hooks/mackerel/<token>."
  value       = local.public_webhook_base_url
}

output "intake_webhook_url_format" {
  description = "URL to configure in each org's Mackerel webhook channel; <token> is that org's webhook token (or use https://mackerel:<token>@<host>/<path>/hooks/mackerel)."
  value       = "${local.webhook_url_prefix}<token>"
}

# After apply: the URL Google assigned to intake must be the one local.intake_function_url predicts
# (a check block warns, it does not fail the apply).
check "intake_function_url" {
  assert {
    condition     = google_cloudfunctions2_function.function["intake"].url == local.intake_function_url
    error_message = "The intake function's URL is not ${local.intake_function_url}: org-audit and the webhook URLs would disagree with Google. Set public_webhook_base_url."
  }
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
  description = "Service account of the main-branch trigger (cloudbuild.yaml: plan and apply)."
  value       = google_service_account.deployer.email
}

output "planner_service_account" {
  description = "Service account of the pull-request trigger (cloudbuild-pr.yaml: plan only, read-only)."
  value       = google_service_account.planner.email
}

output "dead_letter_subscriptions" {
  description = "Pull subscriptions that retain dead letters."
  value       = [for sub in google_pubsub_subscription.dead_letter_hold : sub.name]
}

# The console behind Identity-Aware Proxy (console.tf); the same origin the function checks POSTs against.
output "console_url" {
  description = "URL of the operator console (behind Identity-Aware Proxy)."
  value       = local.console_url
}

output "console_ip_address" {
  description = "Address of the console's load balancer: the DNS A record of console_domain points here (the managed certificate is issued once it does)."
  value       = google_compute_global_address.console.address
}

# What customers allow in their firewalls for the probes (probes-egress.tf); null while
# probe_fixed_egress_ip is off, when probes leave from Google's shared ranges.
output "probe_egress_ip" {
  description = "Source address of every probe (the reserved Cloud NAT address) while probe_fixed_egress_ip is on; null when off."
  value       = one([for address in google_compute_address.probe_egress : address.address])
}
