package graph

// AccessDirectives are the access directives' implementations, for the
// external tests that check myAccess against them.
var AccessDirectives = accessDirectives
