import Fluent

/// Every migration in the order it runs. Append only: a shipped migration is never edited or reordered;
/// a change to the schema is a new type in the next numbered folder.
enum PodporaMigrations {
  static var all: [any Migration] {
    [
      // 001: the first data model of DESIGN.md.
      CreateOrganisations(),
      CreatePrograms(),
      CreateContacts(),
      CreateContracts(),
      CreateContractPrograms(),
      CreateTrainings(),
      CreateOrganisationPrograms(),
      CreateArrangements(),
      CreateStaffUsers(),
      CreateRequests(),
      CreateRequestEvents(),
      CreateMessages(),
      CreateAttachments(),
      CreateTimeEntries(),
      CreateDecisions(),
      CreateRequestNumberCounters(),
      CreateArticles(),
      CreateArticleRevisions(),
      CreateNewsletters(),
      CreateSubscribers(),
      CreateDeflections(),
      CreateBillableItems(),
      CreateOutboxMessages(),
      CreateInboundMails(),
      CreateAPITokens(),
      CreateAuditLog(),
      SessionRecord.migration,
      // 002: sign-in throttling and password reset.
      CreateSignInFailures(),
      CreatePasswordResetTokens(),
      CreateKnowledgeLinks(),
      // 002 (continued): knowledge base search, newsletter sending, article history.
      CreateSearchIndex(),
      CreateNewsletterDeliveries(),
      AddArticleRevisionSnapshot(),
      // 004: the agent workspace.
      CreateRunningTimerIndex(),
      // 005: newsletter confirmation mails at most every ten minutes.
      AddSubscriberConfirmationSentAt(),
      // 008: the JSON API: stored answers to POSTs with an Idempotency-Key.
      CreateIdempotencyKeys(),
      // 010: performance at a million requests (docs/PERFORMANCE.md): indexes where the hot paths' plans showed scans.
      CreateRequestResolvedIndex(),
      CreateContractOrganisationIndex(),
      CreateOutboxRecipientIndex(),
    ]
  }
}
