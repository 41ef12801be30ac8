# --- Proxmox VE API ---

variable "proxmox_endpoint" {
  description = "Proxmox VE API URL, e.g. https://pve1.example.org:8006/ (without /api2/json)."
  type        = string
}

variable "proxmox_api_token" {
  description = "API token as user@realm!tokenid=secret. Leave unset to use the PROXMOX_VE_API_TOKEN environment variable."
  type        = string
  sensitive   = true
  default     = null
}

variable "proxmox_insecure" {
  description = "Skip TLS verification of the API (self-signed certificates). Prefer a trusted certificate."
  type        = bool
  default     = false
}

# --- Placement ---

variable "proxmox_nodes" {
  description = "Proxmox VE nodes the VMs are spread over, round-robin. One name puts every VM on that node."
  type        = list(string)

  validation {
    condition     = length(var.proxmox_nodes) > 0
    error_message = "Name at least one Proxmox VE node."
  }
}

variable "template_vm_id" {
  description = "VM id of the cloud-init-ready template to clone (with qemu-guest-agent installed when qemu_agent is true)."
  type        = number
}

variable "template_node" {
  description = "Node holding the template, when it is not on every target node (cross-node clones need shared storage or a datastore on the target)."
  type        = string
  default     = null
}

variable "full_clone" {
  description = "Full clones are independent of the template; linked clones are faster and smaller but keep depending on it."
  type        = bool
  default     = true
}

# --- The VMs ---

variable "vm_count" {
  description = "How many VMs to create (three make a k3s control plane with etcd quorum, or a three-node NATS cluster)."
  type        = number
  default     = 3

  validation {
    condition     = var.vm_count >= 1 && var.vm_count == floor(var.vm_count)
    error_message = "vm_count must be a whole number of at least 1."
  }
}

variable "name_prefix" {
  description = "VM names are <name_prefix>-<n>, starting at 1. Must make valid DNS names."
  type        = string
  default     = "mpc"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,50}$", var.name_prefix))
    error_message = "name_prefix must start with a letter and contain only lower-case letters, digits and hyphens."
  }
}

variable "vm_id_start" {
  description = "VM id of the first VM; the others follow. Leave unset to let Proxmox VE pick free ids."
  type        = number
  default     = null
}

variable "cpu_cores" {
  description = "vCPUs per VM."
  type        = number
  default     = 2
}

variable "cpu_type" {
  description = "Emulated CPU type (x86-64-v2-AES runs on every current x86 host; use host for the full feature set)."
  type        = string
  default     = "x86-64-v2-AES"
}

variable "memory_mb" {
  description = "Memory per VM in MiB."
  type        = number
  default     = 4096
}

variable "disk_size_gb" {
  description = "Size of the system disk in GiB. Clones are grown to this size; it cannot be smaller than the template's disk."
  type        = number
  default     = 40
}

variable "disk_interface" {
  description = "Interface of the template's system disk (scsi0, virtio0, ...), the disk that is resized."
  type        = string
  default     = "scsi0"
}

variable "datastore_id" {
  description = "Datastore for the system disks."
  type        = string
  default     = "local-lvm"
}

variable "cloud_init_datastore_id" {
  description = "Datastore for the cloud-init drives."
  type        = string
  default     = "local-lvm"
}

variable "qemu_agent" {
  description = "Enable the QEMU guest agent (must run in the template's OS). Needed to report DHCP addresses."
  type        = bool
  default     = true
}

variable "start_on_boot" {
  description = "Start the VMs when their node boots."
  type        = bool
  default     = true
}

variable "protection" {
  description = "Set Proxmox VE's protection flag, which refuses deleting the VMs or their disks (terraform destroy then fails until it is cleared)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Proxmox VE tags on every VM."
  type        = list(string)
  default     = ["proxmox-mpc"]
}

# --- Network (cloud-init) ---

variable "network_bridge" {
  description = "Bridge the VMs' network device is attached to."
  type        = string
  default     = "vmbr0"
}

variable "vlan_id" {
  description = "VLAN tag of the network device, if any."
  type        = number
  default     = null
}

variable "ipv4_cidr" {
  description = "Network for static addresses, e.g. 192.168.10.0/24. Leave unset for DHCP."
  type        = string
  default     = null

  validation {
    condition     = var.ipv4_cidr == null || can(cidrhost(var.ipv4_cidr, 0))
    error_message = "ipv4_cidr must be an IPv4 network in CIDR notation, e.g. 192.168.10.0/24."
  }
}

variable "ipv4_host_offset" {
  description = "With ipv4_cidr: VM n (from 1) gets host number ipv4_host_offset + n - 1 of the network."
  type        = number
  default     = 50
}

variable "ipv4_gateway" {
  description = "Default gateway for static addresses (required with ipv4_cidr)."
  type        = string
  default     = null
}

variable "dns_servers" {
  description = "DNS servers handed to the VMs by cloud-init. Empty: Proxmox VE passes the node's."
  type        = list(string)
  default     = []
}

variable "dns_domain" {
  description = "DNS search domain handed to the VMs by cloud-init."
  type        = string
  default     = null
}

# --- Access ---

variable "ssh_username" {
  description = "User cloud-init creates in each VM."
  type        = string
  default     = "mpc"
}

variable "ssh_public_keys" {
  description = "SSH public keys authorised for ssh_username (no password is set)."
  type        = list(string)

  validation {
    condition     = length(var.ssh_public_keys) > 0
    error_message = "Give at least one SSH public key: the VMs get no password."
  }
}
