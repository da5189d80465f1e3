import { Module } from '@nestjs/common';
import { ConsumersModule } from '../../consumers/consumers.module';
import { DynamicRegistrationModule } from '../dynamic-registration/dynamic-registration.module';
import { ClientMetadataFetcher } from './client-metadata-fetcher';
import { DocumentClients } from './document-clients';

/** Client ID Metadata Documents (issue 23 item 4): clients known by the https URL of their metadata. */
@Module({
  imports: [ConsumersModule, DynamicRegistrationModule],
  providers: [ClientMetadataFetcher, DocumentClients],
  exports: [DocumentClients],
})
export class ClientMetadataModule {}
