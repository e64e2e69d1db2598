Reads its whole input onto the tape and prints it backwards

>           leave cell 0 as a zero marker
,[>,]      read characters until the end of input reads as 0
<[.<]      walk back printing each one and stop at the marker
