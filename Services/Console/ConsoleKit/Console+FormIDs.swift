import Foundation

/// Each form the console draws for a change carries an id of its own (the hidden field `form`),
/// kept when a refused form is drawn again with what was typed. The service's request id is made
/// from it: the same form sent twice (a double click, a resend after a timeout) is one change, and
/// the next form is another even when its fields are the same as the last one's (a second supplement
/// request on one day). Request ids made from the fields made that second change look like a retry.
extension Console {
    static let formIDField = "form"

    /// The id the form was drawn with, if it is one the console makes; otherwise a new one, so a
    /// form from before this field, or a made-up value, is still one well-formed change.
    static func formID(of form: FormData?) -> String {
        let sent = form?[formIDField] ?? ""
        guard sent.utf8.count == 36, let id = UUID(uuidString: sent) else { return newFormID() }
        return id.uuidString.lowercased()
    }

    static func newFormID() -> String { UUID().uuidString.lowercased() }

    /// The service's request id for the change a form asks for: the session's scope and the
    /// form's id, 59 bytes (the services take up to 128).
    func requestID(_ form: FormData, _ session: Session) -> String {
        sessions.requestScope(for: session) + "-" + Self.formID(of: form)
    }
}
