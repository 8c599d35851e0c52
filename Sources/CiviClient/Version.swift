/// civi's version, sent in every request's `User-Agent` (`civi/0.1.0`).
public let civiVersion = "0.1.0"
