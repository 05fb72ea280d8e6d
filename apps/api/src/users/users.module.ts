import { Module } from '@nestjs/common';
import { CreditsModule } from '../credits/credits.module';
import { UsersAdminController } from './users-admin.controller';
import { UserAccessCache } from './user-access-cache.service';
import { UsersService } from './users.service';

@Module({
  imports: [CreditsModule],
  controllers: [UsersAdminController],
  providers: [UsersService, UserAccessCache],
  exports: [UsersService, UserAccessCache],
})
export class UsersModule {}
