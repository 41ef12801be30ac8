import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import type { RagConfig } from '../config';
import { FolderSource } from './folder-source';
import type { KnowledgeSource } from './knowledge-source';

/** This project's documentation, as its own source. */
export const PROJECT_SOURCE = 'proxmox-mpc';

/**
 * The folders the settings name (RAG_DOC_FOLDERS) and the project's own documentation
 * (RAG_PROJECT_DOCS): the sources an ingest reads by default.
 */
@Injectable()
export class ConfiguredSources {
  readonly folders: FolderSource[];

  constructor(@Inject(SERVICE_CONFIG) config: RagConfig) {
    this.folders = config.RAG_DOC_FOLDERS.map((folder) => new FolderSource(folder.name, 'docs', folder.path));
    const project = config.RAG_PROJECT_DOCS;
    if (project !== 'off' && existsSync(join(project, 'README.md'))) {
      this.folders.push(
        new FolderSource(
          PROJECT_SOURCE,
          'project',
          project,
          (path) => path === 'README.md' || (path.startsWith('docs/') && path.endsWith('.md')),
        ),
      );
    }
  }

  find(name: string): KnowledgeSource | undefined {
    return this.folders.find((folder) => folder.name === name);
  }
}
