import { Module } from '@nestjs/common';
import { GuestsModule } from '../guests/guests.module';
import { GuestPowerHandler } from './guest-power.handler';
import { PowerGuestUseCase } from './power-guest.use-case';

@Module({
  imports: [GuestsModule],
  controllers: [GuestPowerHandler],
  providers: [PowerGuestUseCase],
})
export class GuestPowerModule {}
