package web

import (
	"net/http"

	"github.com/thidua/thidua/internal/dialogue"
)

// dialogueQuestions are the petitions raised at a dialogue, as its minutes list them.
func (s *Server) dialogueQuestions(r *http.Request, dialogueID int64) ([]dialogue.Question, error) {
	return nil, nil
}
