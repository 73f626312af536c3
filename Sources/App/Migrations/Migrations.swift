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
      // From here on the entries are in the order they landed on main: folders 006 to 011 were handed out to work
      // done in parallel, so their numbers do not follow this order. Appending stays the only rule.
      // 011: onboarding and seminar bookings from the portal.
      CreateTrainingBookings(),
      // 006: billing (billable items from time entries, disputes).
      AddBillableItemPolicyVersion(),
      CreateBillableItemTimeEntries(),
      CreateBillingDisputes(),
      // 008: the JSON API: stored answers to POSTs with an Idempotency-Key.
      CreateIdempotencyKeys(),
      // 007: back office (contact deactivation, staff invitations) and the supervisors' reports.
      AddContactActive(),
      CreateStaffPasswordTokens(),
      CreateReportIndexes(),
      // 010: performance at a million requests (docs/PERFORMANCE.md): indexes where the hot paths' plans showed scans.
      CreateContractOrganisationIndex(),
      CreateOutboxRecipientIndex(),
      // 012: security (issue 17): a password reset ends the contact's other sessions.
      AddContactSessionGeneration(),
    ]
  }
}
