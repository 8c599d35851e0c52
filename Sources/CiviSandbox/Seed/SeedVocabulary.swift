/// The word lists seeded records are made from: names, places, offices, campaign topics.
enum SeedVocabulary {
    /// A US state as seeded: code, cities, ZIP prefixes (first three digits), area codes, weight.
    struct Place {
        let state: String
        let cities: [String]
        let zipPrefixes: [Int]
        let areaCodes: [Int]
        let weight: Int
    }

    static let places: [Place] = [
        Place(state: "CA", cities: ["Los Angeles", "San Francisco", "San Diego", "Sacramento", "Oakland", "Fresno"],
              zipPrefixes: [900, 902, 941, 921, 958, 946, 937], areaCodes: [213, 415, 619, 916, 510, 559], weight: 12),
        Place(state: "TX", cities: ["Houston", "Austin", "Dallas", "San Antonio", "El Paso"],
              zipPrefixes: [770, 787, 752, 782, 799], areaCodes: [713, 512, 214, 210, 915], weight: 9),
        Place(state: "FL", cities: ["Miami", "Orlando", "Tampa", "Jacksonville", "Tallahassee"],
              zipPrefixes: [331, 328, 336, 322, 323], areaCodes: [305, 407, 813, 904, 850], weight: 7),
        Place(state: "NY", cities: ["New York", "Brooklyn", "Buffalo", "Rochester", "Albany"],
              zipPrefixes: [100, 112, 142, 146, 122], areaCodes: [212, 718, 716, 585, 518], weight: 6),
        Place(state: "PA", cities: ["Philadelphia", "Pittsburgh", "Harrisburg", "Allentown"],
              zipPrefixes: [191, 152, 171, 181], areaCodes: [215, 412, 717, 610], weight: 4),
        Place(state: "IL", cities: ["Chicago", "Springfield", "Peoria", "Naperville"],
              zipPrefixes: [606, 627, 616, 605], areaCodes: [312, 217, 309, 630], weight: 4),
        Place(state: "OH", cities: ["Columbus", "Cleveland", "Cincinnati", "Toledo"],
              zipPrefixes: [432, 441, 452, 436], areaCodes: [614, 216, 513, 419], weight: 4),
        Place(state: "GA", cities: ["Atlanta", "Savannah", "Athens", "Macon"],
              zipPrefixes: [303, 314, 306, 312], areaCodes: [404, 912, 706, 478], weight: 3),
        Place(state: "NC", cities: ["Charlotte", "Raleigh", "Durham", "Asheville"],
              zipPrefixes: [282, 276, 277, 288], areaCodes: [704, 919, 984, 828], weight: 3),
        Place(state: "MI", cities: ["Detroit", "Lansing", "Grand Rapids", "Ann Arbor"],
              zipPrefixes: [482, 489, 495, 481], areaCodes: [313, 517, 616, 734], weight: 3),
        Place(state: "WA", cities: ["Seattle", "Spokane", "Tacoma", "Olympia"],
              zipPrefixes: [981, 992, 984, 985], areaCodes: [206, 509, 253, 360], weight: 3),
        Place(state: "AZ", cities: ["Phoenix", "Tucson", "Mesa", "Flagstaff"],
              zipPrefixes: [850, 857, 852, 860], areaCodes: [602, 520, 480, 928], weight: 2),
        Place(state: "MA", cities: ["Boston", "Worcester", "Springfield", "Cambridge"],
              zipPrefixes: [021, 016, 011, 021], areaCodes: [617, 508, 413, 857], weight: 2),
        Place(state: "CO", cities: ["Denver", "Boulder", "Colorado Springs", "Fort Collins"],
              zipPrefixes: [802, 803, 809, 805], areaCodes: [303, 720, 719, 970], weight: 2),
        Place(state: "OR", cities: ["Portland", "Eugene", "Salem", "Bend"],
              zipPrefixes: [972, 974, 973, 977], areaCodes: [503, 541, 971, 458], weight: 2),
        Place(state: "MN", cities: ["Minneapolis", "Saint Paul", "Duluth", "Rochester"],
              zipPrefixes: [554, 551, 558, 559], areaCodes: [612, 651, 218, 507], weight: 2),
        Place(state: "VA", cities: ["Richmond", "Virginia Beach", "Arlington", "Norfolk"],
              zipPrefixes: [232, 234, 222, 235], areaCodes: [804, 757, 703, 540], weight: 2),
        Place(state: "DC", cities: ["Washington"], zipPrefixes: [200, 200, 203], areaCodes: [202], weight: 1),
        Place(state: "NM", cities: ["Albuquerque", "Santa Fe", "Las Cruces"],
              zipPrefixes: [871, 875, 880], areaCodes: [505, 575], weight: 1),
        Place(state: "WI", cities: ["Milwaukee", "Madison", "Green Bay"],
              zipPrefixes: [532, 537, 543], areaCodes: [414, 608, 920], weight: 2),
    ]

    static let firstNames = [
        "Maria", "James", "Aisha", "Wei", "Carlos", "Emily", "Noah", "Olivia", "Liam", "Sofia", "Mohammed", "Grace",
        "Ethan", "Priya", "Lucas", "Hannah", "Diego", "Chloe", "Samuel", "Fatima", "Daniel", "Mei", "Isaac", "Ava",
        "Jamal", "Elena", "Ryan", "Zoe", "Andre", "Leah", "Kenji", "Nora", "Omar", "Ruth", "Tyler", "Ada",
        "Marcus", "Ines", "Caleb", "Yuki", "Gabriel", "Amara", "Henry", "Lucia", "Jonah", "Rosa", "Victor", "Maya",
    ]

    static let lastNames = [
        "Garcia", "Smith", "Johnson", "Nguyen", "Williams", "Brown", "Rodriguez", "Lee", "Martinez", "Davis",
        "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Chen", "Patel",
        "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young",
        "Allen", "King", "Wright", "Scott", "Torres", "Kim", "Hill", "Flores", "Green", "Adams", "Nelson",
        "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Okafor", "Kowalski",
    ]

    static let streets = ["Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Park Blvd", "Elm St", "Washington Ave",
                          "Lake Rd", "Hill St", "Pine Ct", "River Rd", "Sunset Blvd", "2nd St", "Church St"]

    static let emailDomains = ["example.com", "example.org", "example.net", "mail.example.com"]

    static let advocateTags = ["volunteer", "donor", "member", "vip", "student", "teacher", "nurse", "veteran",
                               "parent", "retired", "organizer", "first-time"]

    static let topics = [
        ("Clean Water", "Protect our drinking water"), ("Fair Wages", "Raise the minimum wage"),
        ("Public Transit", "Fund better buses and trains"), ("Affordable Housing", "Homes people can afford"),
        ("School Funding", "Fully fund public schools"), ("Voting Rights", "Protect the freedom to vote"),
        ("Clean Energy", "Power the state with clean energy"), ("Veterans Care", "Keep our promise to veterans"),
        ("Broadband Access", "Internet for every county"), ("Public Lands", "Keep public lands public"),
        ("Paid Leave", "Paid family and medical leave"), ("Safe Streets", "Safer streets for walking and biking"),
        ("Child Care", "Child care families can afford"), ("Drug Prices", "Lower prescription drug prices"),
        ("Farm Bill", "Support family farms"), ("Library Hours", "Keep libraries open"),
    ]

    static let campaignTags = ["environment", "economy", "education", "health", "housing", "transport",
                               "democracy", "rural", "urban", "priority", "federal", "state"]

    /// An office a campaign targets, its level, and the title its holder goes by.
    struct Office {
        let office: String
        let level: String
        let title: String
    }

    static let offices = [
        Office(office: "U.S. Senate", level: "federal", title: "Sen."),
        Office(office: "U.S. House", level: "federal", title: "Rep."),
        Office(office: "State Senate", level: "state", title: "Sen."),
        Office(office: "State House", level: "state", title: "Rep."),
        Office(office: "Governor", level: "state", title: "Gov."),
        Office(office: "City Council", level: "local", title: "Councilmember"),
        Office(office: "Mayor", level: "local", title: "Mayor"),
    ]

    /// Every US state, DC and territory code that `state` accepts.
    static let stateCodes: Set<String> = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
        "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
        "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
        "AS", "GU", "MP", "PR", "VI", "UM",
    ]
}
