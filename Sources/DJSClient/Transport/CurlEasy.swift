import CCurl
import Foundation

/// One curl easy handle, reused request after request by the event thread; its options
/// that never change are set once.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    private let errorText: UnsafeMutablePointer<CChar>
    private(set) var exchange: CurlExchange?
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?
    private var line: [UInt8] = []
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    /// Set by the header and body callbacks; the event loop turns it into `lastActivity`.
    var sawBytes = false
    private var lastActivity: UInt64 = 0
    private var idleLimit: UInt64 = 0
    private var uploaded: curl_off_t = 0

    /// libcurl is opened on first use (it is not linked, so that scripts that never make a
    /// request start without it). Without it there is no transport at all, so djs stops with
    /// the loader's reason, as it did when the library was linked and missing.
    private static let libraryInitialized: Bool = {
        if let failure = ccurl_load() {
            let reason = String(cString: failure)
            let message = "djs: error: cannot load libcurl, the HTTP client library (\(reason)); "
                + "on Debian or Ubuntu: apt-get install libcurl4\n"
            FileHandle.standardError.write(Data(message.utf8))
            exit(1)
        }
        return ccurl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK
    }()

    static func initializeLibraryOnce() { _ = libraryInitialized }

    init(network: DevoNetworkSettings) {
        guard let handle = ccurl_easy_init() else { fatalError("curl_easy_init failed: out of memory") }
        self.handle = handle
        errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let context = Unmanaged.passUnretained(self).toOpaque()
        ccurl_set_long(handle, CURLOPT_NOSIGNAL, 1)   // threads: no SIGALRM for timeouts
        ccurl_set_data_callback(handle, CURLOPT_HEADERFUNCTION, curlHeader)
        ccurl_set_pointer(handle, CURLOPT_HEADERDATA, context)
        ccurl_set_data_callback(handle, CURLOPT_WRITEFUNCTION, curlBody)
        ccurl_set_pointer(handle, CURLOPT_WRITEDATA, context)
        ccurl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorText)
        // curl copies string options, so the Swift strings need not outlive these calls.
        if let caFile = network.caFile { ccurl_set_pointer(handle, CURLOPT_CAINFO, caFile) }
        // An empty proxy makes curl ignore the proxy environment variables.
        ccurl_set_pointer(handle, CURLOPT_PROXY, network.proxy ?? "")
        if let noProxy = network.noProxy { ccurl_set_pointer(handle, CURLOPT_NOPROXY, noProxy) }
    }

    deinit {
        ccurl_easy_cleanup(handle)
        ccurl_slist_free_all(requestHeaders)
        errorText.deallocate()
    }

    var deadline: UInt64 { lastActivity &+ idleLimit }

    /// Sets the options of this request (every one a previous request may have changed).
    func begin(_ exchange: CurlExchange, now: UInt64) {
        self.exchange = exchange
        let request = exchange.request
        errorText[0] = 0
        lastActivity = now
        idleLimit = UInt64(max(0.001, request.timeout) * 1_000_000_000)
        uploaded = 0

        for (name, value) in request.headers {
            // "name: value" as a C string, built in a buffer kept from request to request.
            line.removeAll(keepingCapacity: true)
            line.append(contentsOf: name.utf8)
            line.append(contentsOf: ": ".utf8)
            line.append(contentsOf: value.utf8)
            line.append(0)
            requestHeaders = line.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { ccurl_slist_append(requestHeaders, $0.baseAddress) }
            }
        }
        if request.method != "GET" {
            // No "Expect: 100-continue" round trip before a body.
            requestHeaders = ccurl_slist_append(requestHeaders, "Expect:")
        }

        ccurl_set_pointer(handle, CURLOPT_URL, request.url.absoluteString)
        ccurl_set_pointer(handle, CURLOPT_HTTPHEADER, requestHeaders)
        switch request.method {
        case "GET":
            ccurl_set_long(handle, CURLOPT_HTTPGET, 1)
            ccurl_set_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
        default:
            ccurl_set_long(handle, CURLOPT_POST, 1)
            ccurl_set_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            if request.body.isEmpty {
                ccurl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, "")
            } else {
                request.body.withUnsafeBytes { _ = ccurl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
            }
            ccurl_set_pointer(handle, CURLOPT_CUSTOMREQUEST, request.method == "POST" ? nil : request.method)
        }
        ccurl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, CurlEasy.milliseconds(request.timeout))
    }

    /// Forgets the request; the handle (and its connection, in the multi handle's cache) stays.
    func end() -> CurlExchange? {
        let ended = exchange
        exchange = nil
        ccurl_slist_free_all(requestHeaders)
        requestHeaders = nil
        headers = [:]
        body = []
        sawBytes = false
        return ended
    }

    /// Whether nothing moved for longer than the timeout. A long upload counts as moving.
    /// Sent bytes are looked at every turn, not only once the deadline has passed: a body
    /// sent at the start would otherwise restart the clock at the first deadline and double
    /// the timeout of every POST.
    func idleExpired(now: UInt64) -> Bool {
        var sent: curl_off_t = 0
        ccurl_get_off(handle, CURLINFO_SIZE_UPLOAD_T, &sent)
        if sawBytes || sent != uploaded {
            sawBytes = false
            uploaded = sent
            lastActivity = now
            return false
        }
        return now > deadline
    }

    /// The outcome of a finished transfer.
    func result(_ code: CURLcode) -> Result<HTTPResponse, HTTPTransportError> {
        guard code == CURLE_OK else {
            return .failure(Self.transportError(code, detail: String(cString: errorText)))
        }
        var status = 0
        ccurl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(statusCode: status, lowercasedHeaders: headers, body: body))
    }

    static func milliseconds(_ seconds: Double) -> Int {
        Int(min(max(1, seconds * 1000), Double(Int32.max)))
    }

    /// A header line, its name lowercased (as `HTTPResponse` keeps them). A status line
    /// starts a new set: a `100 Continue` or a reply to a proxy's CONNECT may come before the
    /// real one.
    func header(_ line: UnsafeBufferPointer<UInt8>) {
        sawBytes = true
        if line.starts(with: "HTTP/".utf8) { headers = [:]; return }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = Self.lowercasedString(Self.trimmed(line[..<colon]))
        let value = String(decoding: UnsafeBufferPointer(rebasing: Self.trimmed(line[(colon + 1)...])), as: UTF8.self)
        headers[name] = value
        if name == "content-length", let length = Int(value), length > 0 {
            // Reserved once instead of doubling through a long job list (bounded: the header
            // is the server's word, not a promise).
            body.reserveCapacity(min(length, 256 << 20))
        }
    }

    /// The bytes as a string, ASCII letters lowercased, written straight into its storage.
    private static func lowercasedString(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { text in
            for (index, byte) in bytes.enumerated() {
                text[index] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            }
            return bytes.count
        }
    }

    func received(_ bytes: UnsafeBufferPointer<UInt8>) {
        sawBytes = true
        body.append(contentsOf: bytes)
    }

    /// Without the spaces, tabs and line ending around it.
    private static func trimmed(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var slice = bytes
        while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isSpace(last) { slice = slice.dropLast() }
        return slice
    }

    /// Sorts curl's result codes into the kinds the retry rules distinguish.
    static func transportError(_ code: CURLcode, detail: String) -> HTTPTransportError {
        let reason = (detail.isEmpty ? String(cString: ccurl_easy_strerror(code)) : detail) + " (curl \(code.rawValue))"
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .cannotConnect(reason)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return .connectionLost(reason)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_USE_SSL_FAILED:
            return .tlsFailure(reason)
        default:
            return .other(reason)
        }
    }
}

private func curlEasy(_ context: UnsafeMutableRawPointer?) -> CurlEasy {
    Unmanaged<CurlEasy>.fromOpaque(context!).takeUnretainedValue()
}

private let curlHeader: ccurl_data_callback = { data, size, count, context in
    let length = size * count
    data?.withMemoryRebound(to: UInt8.self, capacity: length) {
        curlEasy(context).header(UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

private let curlBody: ccurl_data_callback = { data, size, count, context in
    let length = size * count
    data?.withMemoryRebound(to: UInt8.self, capacity: length) {
        curlEasy(context).received(UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}
