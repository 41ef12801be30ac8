export * from './hcl/hcl';
export * from './terraform/guest-resource';
export * from './terraform/terraform-files';
