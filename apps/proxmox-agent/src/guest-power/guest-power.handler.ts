import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnCommand } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type GuestPowerRequested } from '@proxmox-mpc/contracts';
import { PowerGuestUseCase } from './power-guest.use-case';

@Controller()
export class GuestPowerHandler {
  constructor(private readonly useCase: PowerGuestUseCase) {}

  @OnCommand(Subjects.proxmoxGuestPower)
  handle(@Payload() command: Envelope<GuestPowerRequested>): ReturnType<PowerGuestUseCase['execute']> {
    return this.useCase.execute(command);
  }
}
