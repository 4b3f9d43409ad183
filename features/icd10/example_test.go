package icd10_test

import (
	"fmt"

	"github.com/ostfold-vte/bleedrisk/features/icd10"
)

// A PE patient with metastatic colon cancer, heart failure, complicated
// diabetes, alcoholic cirrhosis with portal hypertension and a prior GI bleed.
// The index PE (I26.9) does not count as a pulmonary circulation disorder.
func ExampleDerive() {
	d := icd10.Derive([]string{"I26.9", "C18.7", "C78.7", "I50.9", "E11.2", "K70.3", "K76.6", "K92.2"})
	fmt.Println("Charlson Quan 2011:", d.CharlsonQuan2011, "non-cancer:", d.CharlsonNonCancerQuan2011)
	fmt.Println("van Walraven:", d.Elixhauser.VanWalraven, "pulmonary circulation:", d.Elixhauser.Flags["pcd"])
	fmt.Println("GI luminal:", d.CancerSites["gi_luminal"], "metastatic:", d.Metastatic)
	fmt.Println("prior GI bleed:", d.Bleeding.GI, "major site:", d.Bleeding.MajorSite)
	// Output:
	// Charlson Quan 2011: 13 non-cancer: 7
	// van Walraven: 30 pulmonary circulation: false
	// GI luminal: true metastatic: true
	// prior GI bleed: true major site: true
}
