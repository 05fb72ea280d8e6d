import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Transform } from 'class-transformer';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 128, example: 'correct horse battery' })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'Ada' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ maxLength: 128 })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from register, login or a previous refresh', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) displayName: string | null;
  @ApiProperty({ enum: ['user', 'admin'] }) role: 'user' | 'admin';
  @ApiProperty({ enum: ['active', 'disabled'] }) status: 'active' | 'disabled';
  @ApiProperty() createdAt: Date;
}

export class AuthResponseDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ description: 'JWT access token; send as `Authorization: Bearer <token>`' }) accessToken: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ description: 'Single-use refresh token (rotated on every refresh)' }) refreshToken: string;
}

export class VipNextLevelDto {
  @ApiProperty({ example: 'gold' }) level: string;
  @ApiProperty({ description: 'Cumulative paid amount (fen) that reaches it' }) minPaidFen: number;
}

export class VipStatusDto {
  @ApiProperty({ nullable: true, type: String, example: 'gold', description: 'null below the first level' })
  level: string | null;
  @ApiProperty({ description: 'Extra purchase credits, percent of the package credits', example: 20 }) bonusPercent: number;
  @ApiProperty({ description: 'Cumulative paid amount in fen (refunded orders excluded)' }) paidTotalFen: number;
  @ApiProperty({ type: VipNextLevelDto, nullable: true }) next: VipNextLevelDto | null;
}

export class MeDto extends UserDto {
  @ApiProperty({ description: 'Credits available now' }) available: number;
  @ApiProperty({ type: VipStatusDto, description: 'VIP level by cumulative paid amount' }) vip: VipStatusDto;
}
