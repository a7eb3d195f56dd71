package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/dialogue"
	"github.com/thidua/thidua/internal/petition"
	"github.com/thidua/thidua/internal/validate"
)

// dialogueQuestions are the petitions raised at a dialogue, as its minutes list them.
func (s *Server) dialogueQuestions(r *http.Request, dialogueID int64) ([]dialogue.Question, error) {
	page, err := s.petitions.ByDialogue(r.Context(), auth.Scope{All: true}, dialogueID, petition.Paging{Limit: petition.MaxLimit})
	if err != nil {
		return nil, err
	}
	out := make([]dialogue.Question, len(page.Items))
	for i, p := range page.Items {
		unit := p.UnitName
		if unit == "" {
			unit = "Văn phòng Sở phân loại"
		}
		out[i] = dialogue.Question{TrackingCode: p.TrackingCode, Asker: p.Sender, Subject: p.Subject, Unit: unit, State: p.State.Label()}
	}
	return out, nil
}

// dialogueAsk records a question raised at a dialogue as a petition with channel
// "dialogue", received when the dialogue took place, and gives it to a unit at once
// when the office names one.
func (s *Server) dialogueAsk(w http.ResponseWriter, r *http.Request) error {
	d, err := s.dialogueFromPath(r)
	if err != nil {
		return err
	}
	form := formValues(r, "enterprise_id", "sender_name", "subject", "content", "kind", "unit_id")
	in := petition.NewPetition{Kind: petition.Kind(form["kind"]), Channel: petition.ChannelDialogue, DialogueID: d.ID,
		Subject: form["subject"], Content: form["content"], SenderName: form["sender_name"]}
	in.EnterpriseID, _ = strconv.ParseInt(form["enterprise_id"], 10, 64)
	start := d.HeldOn.Time().Add(8 * time.Hour)
	if t, err := time.ParseInLocation("15:04", d.StartsAt, calendar.Location()); err == nil {
		start = d.HeldOn.Time().Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)
	}
	if start.Before(s.now()) {
		in.ReceivedAt = start
	}
	a := petition.UserActor(currentUser(r))
	p, err := s.petitions.Create(r.Context(), a, in)
	if err == nil {
		if unit, _ := strconv.ParseInt(form["unit_id"], 10, 64); unit != 0 {
			_, err = s.petitions.Act(r.Context(), a, p.ID, petition.ActionAssign, petition.Input{UnitID: unit})
		}
	}
	var fe validate.Errors
	if errors.As(err, &fe) {
		return s.renderDialogue(w, r, d, http.StatusBadRequest, fe)
	}
	if err := petitionError(err); err != nil {
		return err
	}
	return redirect(w, r, "/dialogues/"+strconv.FormatInt(d.ID, 10), "Đã ghi nhận kiến nghị, mã theo dõi "+p.TrackingCode)
}
