# The operator console (functions/console): server-rendered pages, reached only through an external
# HTTPS load balancer with Identity-Aware Proxy (IAP) in front.
#
# Why this shape. IAP can be switched on directly on a Cloud Run service (`iap_enabled` on
# google_cloud_run_v2_service, a beta field in provider 6.50.0), but the Cloud Run service behind a gen2
# function is owned by Cloud Functions and google_cloudfunctions2_function has no such field. What
# applies is IAP on the backend service of a global external Application Load Balancer (Google's
# "Enable IAP for Cloud Run", backend-service variant):
#   address + managed certificate -> forwarding rule :443 -> target HTTPS proxy -> URL map
#   -> backend service (iap { enabled = true }) -> serverless NEG (cloud_run) -> the function's service.
# A serverless NEG of type cloud_run is the one Google documents for Cloud Run functions (formerly 2nd
# gen); cloud_function NEGs are for 1st gen. IAP secures only the load balancer's path, so the function
# also takes ingress ALLOW_INTERNAL_AND_GCLB (functions.tf) and only IAP's service agent may invoke it:
# the run.app and cloudfunctions.net URLs refuse everyone else. The Google-managed OAuth client is used
# (no oauth2_client_id/secret: nothing secret in the state, no OAuth brand to configure); with it only
# identities of the project's organization can sign in (infra/README.md, "The console").
# EXTERNAL_MANAGED, not the classic load balancer: Google warns of a redirect loop with IAP on the
# classic one for HTTP/2 services. IAP is incompatible with Cloud CDN, which stays off.
#
# No cycle: the function's CONSOLE_IAP_AUDIENCE (local.console_iap_audience, in local.functions) needs
# the backend service's generated_id, so nothing on the load balancer's side may refer to the function
# resource. The NEG names the Cloud Run service by the function's name (a gen2 function's service has
# the function's name) instead of google_cloudfunctions2_function.function["console"].name or its
# service_config[0].service: the references run function -> backend service -> NEG, one way. (Every
# for_each over local.functions therefore waits for the backend service when it is first created:
# ordering, not a cycle. Map values may be unknown at plan time; the keys, all literal, are not.)
# test/integration/infra/infra-consistency.test.ts holds this shape (checkIapFrontEnd).

locals {
  console_url = "https://${var.console_domain}"

  # The `aud` IAP signs into its assertions for a backend service:
  # /projects/PROJECT_NUMBER/global/backendServices/BACKEND_SERVICE_ID (the numeric id, generated_id).
  console_iap_audience = "/projects/${data.google_project.this.number}/global/backendServices/${google_compute_backend_service.console.generated_id}"

  # IAP's service agent: it calls the console's Cloud Run service with its own ID token. Referenced by
  # its well-known address (google_project_service_identity exists only in google-beta, which this
  # configuration does not use); infra/README.md creates the agent once before the first apply.
  iap_service_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-iap.iam.gserviceaccount.com"
}

resource "google_compute_global_address" "console" {
  name = "console"

  depends_on = [google_project_service.api]
}

# Provisioned by Google once var.console_domain resolves to the address above (an A record; up to an hour
# after DNS). The name follows the domain and the new certificate is created before the old one goes, so
# changing the domain swaps certificates on the proxy instead of failing on the one in use.
resource "google_compute_managed_ssl_certificate" "console" {
  name = "console-${substr(sha256(var.console_domain), 0, 8)}"

  managed {
    domains = [var.console_domain]
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [google_project_service.api]
}

# The function's Cloud Run service, by name (see the cycle note above). A serverless NEG does not check
# that the service exists: until the function is deployed the load balancer answers 5xx.
resource "google_compute_region_network_endpoint_group" "console" {
  name                  = "console"
  region                = var.region
  network_endpoint_type = "SERVERLESS"

  cloud_run {
    service = "console"
  }

  depends_on = [google_project_service.api]
}

# No protocol, port, timeout or health check: a serverless NEG backend takes none of them (Cloud Run
# scales and times out on its own; the function's timeout_seconds applies).
resource "google_compute_backend_service" "console" {
  name                  = "console"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  enable_cdn            = false

  backend {
    group = google_compute_region_network_endpoint_group.console.id
  }

  # Google-managed OAuth client: no oauth2_client_id / oauth2_client_secret.
  iap {
    enabled = true
  }

  log_config {
    enable      = true
    sample_rate = 1
  }
}

resource "google_compute_url_map" "console" {
  name            = "console"
  default_service = google_compute_backend_service.console.id
}

resource "google_compute_target_https_proxy" "console" {
  name             = "console"
  url_map          = google_compute_url_map.console.id
  ssl_certificates = [google_compute_managed_ssl_certificate.console.id]
}

resource "google_compute_global_forwarding_rule" "console" {
  name                  = "console"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  ip_protocol           = "TCP"
  port_range            = "443"
  ip_address            = google_compute_global_address.console.address
  target                = google_compute_target_https_proxy.console.id
}

# IAP invokes the console's service with its own identity (Google: grant the IAP service agent Cloud Run
# Invoker on the service). Nobody else may invoke it: no allUsers, no push identity.
resource "google_cloud_run_service_iam_member" "console_iap_invoker" {
  project  = var.project_id
  location = var.region
  service  = google_cloudfunctions2_function.function["console"].name
  role     = "roles/run.invoker"
  member   = local.iap_service_agent

  # The agent exists once IAP is on in the project (infra/README.md creates it before the first apply).
  depends_on = [google_compute_backend_service.console]
}

# Who gets past IAP: the members operators list (IAP-secured Web App User on this backend only). What
# they may do inside is the console's own role (consoleUsers, `msp-ops console grant`).
resource "google_iap_web_backend_service_iam_member" "console_accessor" {
  for_each = toset(var.console_members)

  project             = var.project_id
  web_backend_service = google_compute_backend_service.console.name
  role                = "roles/iap.httpsResourceAccessor"
  member              = each.key
}
