import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import {
  Subjects,
  type Envelope,
  type GuestsListRequest,
  type GuestsListResponse,
  type InventoryExportRequest,
  type InventoryExportResponse,
  type QueryRequestOf,
  type QueryResponseOf,
} from '@proxmox-mpc/contracts';
import { ExportInventoryUseCase } from './export-inventory.use-case';
import { ListGuestsUseCase } from './list-guests.use-case';
import { ListNodesUseCase } from './list-nodes.use-case';

type NodesListRequest = QueryRequestOf<typeof Subjects.proxmoxNodesList>;
type NodesListResponse = QueryResponseOf<typeof Subjects.proxmoxNodesList>;

/** Lists of nodes and guests, answered from the synced inventory. */
@Controller()
export class InventoryQueriesHandler {
  constructor(
    private readonly listGuestsUseCase: ListGuestsUseCase,
    private readonly exportInventory: ExportInventoryUseCase,
    private readonly listNodesUseCase: ListNodesUseCase,
  ) {}

  @OnQuery(Subjects.proxmoxGuestsList)
  listGuests(@Payload() request: Envelope<GuestsListRequest>): Promise<GuestsListResponse> {
    return this.listGuestsUseCase.execute({ ...request.data, target: request.target });
  }

  @OnQuery(Subjects.proxmoxInventoryExport)
  exportGuests(@Payload() request: Envelope<InventoryExportRequest>): Promise<InventoryExportResponse> {
    return this.exportInventory.execute({ ...request.data, target: request.target });
  }

  @OnQuery(Subjects.proxmoxNodesList)
  listNodes(@Payload() request: Envelope<NodesListRequest>): Promise<NodesListResponse> {
    return this.listNodesUseCase.execute({ ...request.data, target: request.target });
  }
}
