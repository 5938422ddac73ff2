import Geo
import ServiceStorage
import Testing

@testable import Telecom

struct StoredOutlineTests {
    @Test func readsWhatTheStoreWritesPointForPoint() throws {
        let ring = [point(22.147, 105.834), point(22.1500001, 106.2), point(-0.5, 105.123456789012), point(22.3, 1e-7)]
        let text = try SortedJSON.text(ring.map { [$0.latitude, $0.longitude] })
        #expect(StoredOutline.vertices(text) == ring)
        #expect(
            StoredOutline.vertices(" [ [22.1 , 105.8] ,\n[22.2,105.9] ] ") == [point(22.1, 105.8), point(22.2, 105.9)])
        #expect(StoredOutline.vertices("[]") == [])
    }

    @Test(arguments: [
        "", "[", "[[22.1,105.8]", "[[22.1,105.8]]x", "[[22.1]]", "[[22.1,105.8,3]]", "[[22.1,,105.8]]",
        "[[1.2.3,105.8]]", "[[\"22.1\",105.8]]", "[[95,105.8]]", "[[22.1,105.8],]", "{}",
        "[[1\(String(repeating: "0", count: 40)),105.8]]",
    ])
    func refusesAnythingElse(_ text: String) {
        #expect(StoredOutline.vertices(text) == nil)
    }
}
