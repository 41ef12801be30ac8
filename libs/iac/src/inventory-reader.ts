// The inventory readers without the rest of the library: for services that read the
// agent's inventory but never generate or check IaC (rag), which the index would otherwise
// make load the YAML writer, the HCL reader, the provider schema and the policy.
export * from './workspace/bus-inventory-reader';
export * from './workspace/inventory-reader';
