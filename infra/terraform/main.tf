# The platform's own VMs on Proxmox VE: vm_count clones of a cloud-init template, spread
# over proxmox_nodes, each with one NIC, a grown system disk, an SSH user and static or
# DHCP addressing. What runs on them (k3s with the Helm chart, or Docker with compose) is
# installed afterwards; docs/deployment.md shows both.

locals {
  static_ipv4 = var.ipv4_cidr != null

  vms = {
    for i in range(var.vm_count) : format("%s-%d", var.name_prefix, i + 1) => {
      index     = i
      node_name = var.proxmox_nodes[i % length(var.proxmox_nodes)]
      vm_id     = var.vm_id_start == null ? null : var.vm_id_start + i
      ipv4_address = local.static_ipv4 ? format(
        "%s/%s",
        cidrhost(var.ipv4_cidr, var.ipv4_host_offset + i),
        split("/", var.ipv4_cidr)[1],
      ) : "dhcp"
    }
  }
}

resource "proxmox_virtual_environment_vm" "platform" {
  for_each = local.vms

  name        = each.key
  description = "Proxmox-MPC platform node, managed by Terraform (infra/terraform)."
  node_name   = each.value.node_name
  vm_id       = each.value.vm_id
  # Proxmox VE stores tags sorted; sorting here keeps plans free of spurious diffs.
  tags = sort(distinct(var.tags))

  on_boot    = var.start_on_boot
  started    = true
  protection = var.protection
  # Without the guest agent, ACPI shutdown may hang on destroy.
  stop_on_destroy = !var.qemu_agent

  clone {
    vm_id     = var.template_vm_id
    node_name = var.template_node
    full      = var.full_clone
    # Parallel clones of one template occasionally time out on the Proxmox VE side.
    retries = 3
  }

  agent {
    enabled = var.qemu_agent
    wait_for_ip {
      ipv4 = true
    }
  }

  cpu {
    cores = var.cpu_cores
    type  = var.cpu_type
  }

  memory {
    dedicated = var.memory_mb
  }

  disk {
    interface    = var.disk_interface
    datastore_id = var.datastore_id
    size         = var.disk_size_gb
  }

  network_device {
    bridge  = var.network_bridge
    vlan_id = var.vlan_id
  }

  operating_system {
    type = "l26"
  }

  initialization {
    datastore_id = var.cloud_init_datastore_id

    ip_config {
      ipv4 {
        address = each.value.ipv4_address
        gateway = local.static_ipv4 ? var.ipv4_gateway : null
      }
    }

    dynamic "dns" {
      for_each = length(var.dns_servers) > 0 || var.dns_domain != null ? [1] : []
      content {
        servers = length(var.dns_servers) > 0 ? var.dns_servers : null
        domain  = var.dns_domain
      }
    }

    user_account {
      username = var.ssh_username
      keys     = [for key in var.ssh_public_keys : trimspace(key)]
    }
  }

  lifecycle {
    precondition {
      condition     = !local.static_ipv4 || var.ipv4_gateway != null
      error_message = "ipv4_gateway is required when ipv4_cidr is set."
    }
  }
}
