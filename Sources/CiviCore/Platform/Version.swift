/// civi's version: what `civi --version` prints and what every request's `User-Agent` carries
/// (`civi/0.1.0`). The one copy; nothing else spells the number.
public let civiVersion = "0.1.0"
