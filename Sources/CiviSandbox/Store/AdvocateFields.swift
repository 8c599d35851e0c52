/// The stored columns of one advocate, in the order the API renders them.
struct AdvocateFields {
    var id: String
    var firstName: String?
    var lastName: String?
    var email: String?
    var phone: String?
    var address1: String?
    var address2: String?
    var city: String?
    var state: String?
    var zip: String?
    var country: String
    var emailOptIn: Bool
    var smsOptIn: Bool
    /// JSON array text.
    var tags: String
    /// JSON object text.
    var customFields: String
    var createdAt: Int64
    var updatedAt: Int64

    /// Writes the advocate object; `derived` adds `campaign_ids` (JSON array text) and `action_count`.
    func write(into out: inout JSONBytes, derived: (campaignIDs: String, actionCount: Int64)?) {
        out.beginObject()
        out.field("id", id)
        out.field("first_name", firstName)
        out.field("last_name", lastName)
        out.field("email", email)
        out.field("phone", phone)
        out.field("address1", address1)
        out.field("address2", address2)
        out.field("city", city)
        out.field("state", state)
        out.field("zip", zip)
        out.field("country", country)
        out.key("email_opt_in"); out.bool(emailOptIn)
        out.key("sms_opt_in"); out.bool(smsOptIn)
        out.key("tags"); out.raw(tags, fallback: "[]")
        out.key("custom_fields"); out.raw(customFields, fallback: "{}")
        if let derived {
            out.key("campaign_ids"); out.raw(derived.campaignIDs, fallback: "[]")
            out.field("action_count", derived.actionCount)
        }
        out.key("created_at"); out.timestamp(createdAt)
        out.key("updated_at"); out.timestamp(updatedAt)
        out.endObject()
    }
}
