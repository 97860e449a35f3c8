package press

import (
	"errors"
	"strings"
)

// Sentinel errors shared by every layer. Stores, the newsroom and the
// importer wrap them with the operation and key; the web layer maps them to
// status codes with errors.Is.
var (
	// ErrNotFound means the requested thing does not exist (or is not
	// visible to the caller, which must look the same from outside).
	ErrNotFound = errors.New("not found")
	// ErrConflict means the write lost a race (stale version) or would
	// break a uniqueness rule such as a taken slug.
	ErrConflict = errors.New("conflict")
	// ErrInvalid means the input broke a validation rule; it is usually
	// carried by a *ValidationError naming the fields.
	ErrInvalid = errors.New("invalid input")
	// ErrForbidden means the caller may not do what was asked; it is
	// usually carried by a *PermissionError naming the action.
	ErrForbidden = errors.New("forbidden")
	// ErrUnauthorized means the caller is not signed in (or the
	// credentials are wrong).
	ErrUnauthorized = errors.New("unauthorized")
)

// FieldError names one field and what is wrong with it.
type FieldError struct {
	Field   string
	Message string
}

// ValidationError lists every field problem found in one value, so a form
// or an importer can report them all at once rather than one per attempt.
type ValidationError struct {
	Fields []FieldError
}

// Add records a problem with field.
func (e *ValidationError) Add(field, format string) {
	e.Fields = append(e.Fields, FieldError{Field: field, Message: format})
}

// Err returns e when it holds at least one problem, or nil.
func (e *ValidationError) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrInvalid) true for every validation error.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Message returns the message for field, or "" when it has none.
func (e *ValidationError) Message(field string) string {
	for _, f := range e.Fields {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}
