import Foundation

@testable import MineFreeStore

/// Opens a store, runs `body`, and shuts the store down whatever happens (a pool left open traps at deinit).
func withStore<T>(_ configuration: StoreConfiguration, _ body: (Store) async throws -> T) async throws -> T {
    let store = try await Store.open(configuration)
    do {
        let result = try await body(store)
        await store.shutdown()
        return result
    } catch {
        await store.shutdown()
        throw error
    }
}
