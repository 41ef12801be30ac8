import { Module } from '@nestjs/common';
import { GuestInventory } from './guest-inventory';
import { ListGuestsHandler } from './list-guests.handler';
import { ListGuestsUseCase } from './list-guests.use-case';

@Module({
  controllers: [ListGuestsHandler],
  providers: [GuestInventory, ListGuestsUseCase],
  exports: [GuestInventory],
})
export class GuestsModule {}
