An opening bracket that is never closed
+[->+<]

  >[+
<-
