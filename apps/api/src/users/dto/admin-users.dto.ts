import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { UserDto } from '../../auth/dto/auth.dto';
import { BalanceDto } from '../../credits/dto/credits.dto';

export class UsersQueryDto {
  @ApiPropertyOptional({ description: 'Part of the email or display name', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  query?: string;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not valid' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
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
