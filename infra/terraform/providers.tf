# API-token authentication only: cloning and cloud-init need no SSH access to the nodes.
provider "proxmox" {
  endpoint  = var.proxmox_endpoint
  api_token = var.proxmox_api_token
  insecure  = var.proxmox_insecure
}
