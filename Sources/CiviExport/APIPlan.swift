import CiviCore
import CiviLang

/// How an API call of a program maps onto requests, worked out from the same resource table,
/// filter encoding and pushdown rules civi uses when it runs the call; emitters only spell it.
enum APIPlan {
    /// A filter argument of a list call: encoded now (a literal) or by the program (an expression).
    enum FilterValue {
        case encoded(String)
        case dynamic(Expr, kind: String, choices: [String], label: String)
    }

    /// A list call (`advocates(state: "CA")`, `campaign_actions(c)`).
    struct Listing {
        /// The list path, or for a sub-list the parts before and after the parent's id.
        var path: String
        var subList: (parent: Expr, suffix: String, function: String, resource: String)?
        var filters: [(name: String, value: FilterValue)]
        /// The call as civi names the stream (`advocates(state: "CA")`).
        var label: String
        /// civi would fail this call when it runs (an unknown filter, a bad literal): the message.
        var failure: String?
    }

    static var table: ResourceTable { ResourceTable.civiClick }

    /// The listing a call of `function` with `arguments` stands for, or nil when it is no list function.
    static func listing(_ function: String, _ arguments: [Argument], source: (SourceRange) -> String) -> Listing? {
        let spec: ResourceSpec
        var sub: (Expr, String, String, String)?
        var path: String
        if let s = table.resources.first(where: { $0.name == function }) {
            spec = s
            path = s.listPath
        } else if let subList = table.subList(named: function), let s = table.listing(subList, parentID: "{id}"),
                  let parent = arguments.first(where: { $0.name == nil }) {
            spec = s
            let marker = subList.path.firstRange(of: "{id}")
            path = marker.map { String(subList.path[..<$0.lowerBound]) } ?? subList.path
            sub = (parent.value, marker.map { String(subList.path[$0.upperBound...]) } ?? "", function, subList.parent)
        } else {
            return nil
        }
        var plan = Listing(path: path, subList: sub.map { (parent: $0.0, suffix: $0.1, function: $0.2, resource: $0.3) }, filters: [],
                           label: function + "(" + arguments.map { a in
                               (a.name.map { $0 + ": " } ?? "") + source(a.value.range)
                           }.joined(separator: ", ") + ")")
        for argument in arguments {
            guard let name = argument.name else { continue }
            if name == "sort" {
                if case .literal(let v) = argument.value.kind {
                    do { plan.filters.append(("sort", .encoded(try FilterEncoding.sort(spec, v)))) } catch {
                        plan.failure = plan.failure ?? errorMessage(error)
                    }
                } else {
                    plan.filters.append(("sort", .dynamic(argument.value, kind: "string", choices: [], label: "\(function)(sort:)")))
                }
                continue
            }
            guard let filter = spec.filter(named: name) else {
                plan.failure = plan.failure ?? FilterEncoding.unknownFilter(name, of: spec, function: function)
                continue
            }
            if case .literal(let v) = argument.value.kind {
                do { plan.filters.append((name, .encoded(try FilterEncoding.encode(filter, v, in: spec)))) } catch {
                    plan.failure = plan.failure ?? errorMessage(error)
                }
                continue
            }
            let (kind, choices): (String, [String]) = switch filter.type {
            case .string: ("string", [])
            case .bool: ("bool", [])
            case .dateTime: ("date", [])
            case .oneOf(let c): ("choice", c)
            case .id(let resource): ("id", [resource])
            }
            plan.filters.append((name, .dynamic(argument.value, kind: kind, choices: choices, label: "\(function)(\(name):)")))
        }
        return plan
    }

    /// `listing` with the `.field == literal` conjuncts of a `where` right after it added as
    /// server filters where civi pushes them down (the predicate still runs in the program).
    static func pushingDown(_ predicate: Expr, into listing: Listing, function: String) -> Listing {
        guard listing.failure == nil, let spec = table.resources.first(where: { $0.name == function }) else { return listing }
        var out = listing
        for (field, value) in Pushdown.equalities(predicate) {
            guard let filter = spec.filter(named: field), Pushdown.isExactEquality(filter, value),
                  !out.filters.contains(where: { $0.name == field }),
                  let encoded = try? FilterEncoding.encode(filter, value, in: spec) else { continue }
            out.filters.append((field, .encoded(encoded)))
        }
        return out
    }

    /// The resources as the exported runtime needs them: paths, id prefix, lookup by email.
    static var resources: [(name: String, singular: String, prefix: String, list: String, item: String, byEmail: Bool)] {
        table.resources.map { ($0.name, $0.singular, $0.idPrefix, $0.listPath, $0.itemPath, $0.filter(named: "email") != nil) }
    }

    /// The names of the API functions (list, get, create, sub-lists, writes, raw requests).
    static var functionNames: Set<String> {
        Set(table.resources.flatMap { [$0.name, $0.singular, "create_\($0.singular)"] } + table.subLists.map(\.name)
            + ["update", "delete", "get", "post", "put", "patch", "request"])
    }

    /// The calls that change data on the server.
    static var writeNames: Set<String> {
        Set(table.resources.map { "create_\($0.singular)" } + ["update", "delete", "post", "put", "patch", "request"])
    }
}
