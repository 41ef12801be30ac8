// The Proxmox VE value formats (property strings, disk sizes, SSH keys) without the HTTP
// client: for services that read configurations but never call the API, which would
// otherwise load undici (about 25 MiB resident) for nothing.
export * from './operations/disk-sizes';
export * from './operations/property-strings';
