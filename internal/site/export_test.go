package site

// SignStamp signs a comment form's timestamp as the site does, so tests
// can post a form that was shown long enough ago.
var SignStamp = signStamp
