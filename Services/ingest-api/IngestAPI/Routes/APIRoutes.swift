import HTTPServer

/// Every route of ingest-api's API, with what they share put around them once: the stores'
/// errors answered as the contract's JSON errors (`APIErrors`), the `Idempotency-Key`
/// checked on the ingest routes, and the admin token with its brake on the admin API.
enum APIRoutes {
    /// Adds the routes to `router`.
    static func register(on router: inout Router, context: AppContext) {
        // On the loop, without a chain: it only hands out a constant document.
        IngestRoutes.registerDocument(on: &router, context: context)
        router.group(APIErrors()) { router in
            router.group(IdempotencyKeyCheck()) { router in IngestRoutes.register(on: &router, context: context) }
            router.group(context.auth) { router in
                TicketRoutes.register(on: &router, context: context)
                ChatRoutes.register(on: &router, context: context)
                FAQRoutes.register(on: &router, context: context)
                DeadLetterRoutes.register(on: &router, context: context)
            }
        }
    }
}
