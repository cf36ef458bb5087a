# Probes from one fixed address (var.probe_fixed_egress_ip, off by default). Customers often let only
# known source addresses through their firewalls; without this, probes leave from Google's shared
# ranges, which are many and change. On, the probe function (and only it) sends all of its traffic
# through a Serverless VPC Access connector into a network of its own, and Cloud NAT translates it to
# one reserved external address: the output probe_egress_ip, what customers allow.
#
# Why a connector, not Direct VPC egress: google_cloudfunctions2_function has Direct VPC egress
# (service_config.direct_vpc_network_interface, direct_vpc_egress) only from hashicorp/google 7.21.0;
# this configuration pins 6.50.0 (versions.tf), whose service_config offers vpc_connector and
# vpc_connector_egress_settings only. Setting Direct VPC on the Cloud Run service behind the function
# by hand (gcloud run services update, hashicorp/terraform-provider-google#16076) is outside Terraform
# and fights the function resource on every deploy. Google also recommends a connector over Direct VPC together with Cloud NAT for cold
# starts (Direct VPC with Cloud NAT may delay an instance's start by 30 s or more).
# Moving to Direct VPC after a provider upgrade: drop the connector, put the function on the subnet
# with direct_vpc_egress = "VPC_EGRESS_ALL_TRAFFIC", and size the subnet for it: Cloud Run holds about
# 2 addresses per instance and reserves them 16 at a time, wants /26 at least, so max_instances 50
# (functions.tf) needs a /24. A connector needs exactly a /28 of its own, whatever the function scales to.
#
# Every resource below is for_each over local.probe_egress.keys: "probe" when the option is on,
# nothing when off (then no network, NAT, address or connector exists, and the function has no
# connector). test/integration/infra/probes-infra.test.ts evaluates both.

locals {
  # What the option switches, as literals: `== true` between two locals keeps the choice within what
  # the infra tests evaluate (test/support/infra.ts).
  probe_egress_when = {
    on = {
      keys = ["probe"]
      # By path, not the connector resource's id: the function resource names it for every state of
      # the option (functions.tf), and the id exists only while it is on. depends_on orders the two.
      vpc_connector = "projects/${var.project_id}/locations/${var.region}/connectors/${local.probe_egress_name}"
      vpc_egress    = "ALL_TRAFFIC"
    }
    off = {
      keys          = []
      vpc_connector = ""
      vpc_egress    = ""
    }
  }
  probe_egress = var.probe_fixed_egress_ip == true ? local.probe_egress_when.on : local.probe_egress_when.off

  # Network, subnet, router, NAT, address and connector all take this name (a connector's is at most 25
  # characters).
  probe_egress_name = "probe-egress"
}

# A network of its own: nothing else of the project's shares its routes, and the connector's /28
# cannot collide with another subnet.
resource "google_compute_network" "probe_egress" {
  for_each = toset(local.probe_egress.keys)

  name                    = local.probe_egress_name
  auto_create_subnetworks = false
  routing_mode            = "REGIONAL"

  depends_on = [google_project_service.api]
}

# The connector's instances live here. Private Google Access: with all traffic through the connector,
# the function's Firestore, Pub/Sub and Secret Manager calls reach Google without passing the NAT.
resource "google_compute_subnetwork" "probe_egress" {
  for_each = toset(local.probe_egress.keys)

  name                     = local.probe_egress_name
  region                   = var.region
  network                  = google_compute_network.probe_egress[each.key].id
  ip_cidr_range            = var.probe_egress_subnet_cidr
  private_ip_google_access = true
}

resource "google_compute_router" "probe_egress" {
  for_each = toset(local.probe_egress.keys)

  name    = local.probe_egress_name
  region  = var.region
  network = google_compute_network.probe_egress[each.key].id
}

# The address customers allow. prevent_destroy: a released address is gone for good, and every
# customer's firewall rule with it; turning the option off (or anything that would replace this) is
# refused until this line is removed on purpose (infra/README.md, Probes: fixed egress IP).
resource "google_compute_address" "probe_egress" {
  for_each = toset(local.probe_egress.keys)

  name         = local.probe_egress_name
  region       = var.region
  address_type = "EXTERNAL"
  network_tier = "PREMIUM"
  description  = "Source address of the probe function's probes (Cloud NAT); customers allow it."

  lifecycle {
    prevent_destroy = true
  }

  depends_on = [google_project_service.api]
}

# Only the connector's subnet is translated, only to the reserved address (MANUAL_ONLY: Cloud NAT
# never adds an address of its own, which customers would not know).
resource "google_compute_router_nat" "probe_egress" {
  for_each = toset(local.probe_egress.keys)

  name   = local.probe_egress_name
  router = google_compute_router.probe_egress[each.key].name
  region = var.region

  nat_ip_allocate_option             = "MANUAL_ONLY"
  nat_ips                            = [google_compute_address.probe_egress[each.key].self_link]
  source_subnetwork_ip_ranges_to_nat = "LIST_OF_SUBNETWORKS"

  subnetwork {
    name                    = google_compute_subnetwork.probe_egress[each.key].id
    source_ip_ranges_to_nat = ["ALL_IP_RANGES"]
  }

  # One address has 64,512 ports, shared by the connector's instances (3 at most, below): each starts
  # with 1,024 and takes more up to 8,192 when a round opens many connections to one destination
  # (ports are reused across destinations). Dynamic allocation rules out endpoint-independent mapping.
  enable_dynamic_port_allocation      = true
  enable_endpoint_independent_mapping = false
  min_ports_per_vm                    = 1024
  max_ports_per_vm                    = 8192

  # Dropped connections (out of ports) are logged: a probe that timed out for that shows up here.
  log_config {
    enable = true
    filter = "ERRORS_ONLY"
  }
}

# e2-micro instances, 2 to 3 (about 100 Mbps each): probes are small requests. A connector scales out
# under load but never back in (only recreating it does), so the ceiling stays low; raise it if probes
# time out while the connector's throughput is at its limit (Cloud Console, VPC network > Serverless
# VPC access). All of the function's traffic passes here (vpc_connector_egress_settings ALL_TRAFFIC).
resource "google_vpc_access_connector" "probe_egress" {
  for_each = toset(local.probe_egress.keys)

  name          = local.probe_egress_name
  region        = var.region
  machine_type  = "e2-micro"
  min_instances = 2
  max_instances = 3

  subnet {
    name = google_compute_subnetwork.probe_egress[each.key].name
  }

  depends_on = [google_project_service.api]
}
