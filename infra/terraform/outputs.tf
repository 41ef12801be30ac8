locals {
  # The configured static address, or the first address the guest agent reports that is
  # not loopback (empty until the agent answers).
  vm_ipv4 = {
    for name, vm in proxmox_virtual_environment_vm.platform : name => (
      local.static_ipv4
      ? split("/", local.vms[name].ipv4_address)[0]
      : try([for ip in flatten(vm.ipv4_addresses) : ip if !startswith(ip, "127.")][0], null)
    )
  }
}

output "vms" {
  description = "Per VM: Proxmox VE node, VM id and IPv4 address."
  value = {
    for name, vm in proxmox_virtual_environment_vm.platform : name => {
      node  = vm.node_name
      vm_id = vm.vm_id
      ipv4  = local.vm_ipv4[name]
    }
  }
}

output "ipv4_addresses" {
  description = "IPv4 addresses of the VMs, in name order."
  value       = [for name in sort(keys(local.vm_ipv4)) : local.vm_ipv4[name]]
}

output "ansible_inventory" {
  description = "An Ansible inventory (INI) of the VMs, for installing k3s or Docker on them."
  value = join("\n", concat(
    ["[proxmox_mpc]"],
    [for name in sort(keys(local.vm_ipv4)) : format("%s ansible_host=%s ansible_user=%s", name, coalesce(local.vm_ipv4[name], name), var.ssh_username)],
    [""],
  ))
}

output "ssh_commands" {
  description = "How to log in to each VM."
  value       = { for name, ip in local.vm_ipv4 : name => format("ssh %s@%s", var.ssh_username, coalesce(ip, name)) }
}
