if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
if true <
print("deep")
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
>
