import Testing
@testable import DJSClient

@Suite struct EndpointTests {
    @Test(arguments: [
        "https://apiv2-eu.devo.com",
        "https://apiv2-eu.devo.com/",
        "https://apiv2-eu.devo.com/search",
        "https://apiv2-eu.devo.com/search/",
        "https://apiv2-eu.devo.com/search/query",
        "HTTPS://APIV2-EU.devo.com/search/query",
        "apiv2-eu.devo.com",
        "  https://apiv2-eu.devo.com  ",
    ])
    func addressFormsNormaliseToTheBase(address: String) throws {
        #expect(try DevoEndpoint(address: address).baseURL == "https://apiv2-eu.devo.com")
    }

    @Test func regionsPickTheDocumentedHosts() {
        let bases = DevoRegion.allCases.map { DevoEndpoint(region: $0).baseURL }
        #expect(bases == ["https://apiv2-us.devo.com", "https://apiv2-ca.devo.com", "https://apiv2-eu.devo.com",
                          "https://apiv2-es.devo.com", "https://api-apac.devo.com"])
    }

    @Test func regionNamesParseCaseInsensitivelyAndListTheValidOnes() throws {
        #expect(try DevoRegion.named("APAC") == .apac)
        #expect(throws: DevoError.configuration("unknown region 'mars': expected one of us|ca|eu|es|apac")) {
            try DevoRegion.named("mars")
        }
    }

    @Test(arguments: [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.1.2.3:9/search/query", "http://127.1.2.3:9"),
        ("http://localhost:4000/search", "http://localhost:4000"),
        ("http://[::1]:4000", "http://[::1]:4000"),
        ("https://localhost", "https://localhost"),
    ])
    func plainHTTPIsAllowedOnLoopback(address: String, base: String) throws {
        let endpoint = try DevoEndpoint(address: address)
        #expect(endpoint.baseURL == base)
        #expect(endpoint.url(path: "/search/jobs").absoluteString == base + "/search/jobs")
    }

    @Test(arguments: ["http://apiv2-eu.devo.com", "http://10.0.0.1:8080", "http://128.0.0.1", "http://localhost.evil.com"])
    func plainHTTPIsRejectedElsewhere(address: String) {
        let error = #expect(throws: DevoError.self) { try DevoEndpoint(address: address) }
        #expect(error?.description.contains("https is required") == true)
    }

    @Test func otherPathsSchemesQueriesAndUserInfoAreRejected() {
        let cases: [(String, String)] = [
            ("https://apiv2-eu.devo.com/search/jobs", "has the path '/search/jobs'"),
            ("ftp://apiv2-eu.devo.com", "uses the scheme 'ftp'"),
            ("https://apiv2-eu.devo.com/search/query?x=1", "must not have a query string"),
            ("", "is empty"),
        ]
        for (address, expected) in cases {
            let error = #expect(throws: DevoError.self) { try DevoEndpoint(address: address) }
            #expect(error?.description.contains(expected) == true, "\(address): \(String(describing: error))")
        }
        let userInfo = #expect(throws: DevoError.self) { try DevoEndpoint(address: "https://me:hunter2pw@apiv2-eu.devo.com") }
        #expect(userInfo?.description.contains("must not contain a user name or password") == true)
        #expect(userInfo?.description.contains("hunter2pw") == false)
    }
}
