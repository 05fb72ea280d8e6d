import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';
import { UserDto } from '../../auth/dto/auth.dto';
import { BalanceDto } from '../../credits/dto/credits.dto';

export class UsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the email or display name', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  query?: string;
}

export class UpdateUserDto {
  @ApiProperty({ enum: ['active', 'disabled'] })
  @IsIn(['active', 'disabled'])
  status: 'active' | 'disabled';
}

export class AdminUserListItemDto extends UserDto {
  @ApiProperty() available: number;
}

export class AdminUserPageDto {
  @ApiProperty({ type: [AdminUserListItemDto] }) items: AdminUserListItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class AdminUserDetailDto extends UserDto {
  @ApiProperty({ type: BalanceDto }) balance: BalanceDto;
}
